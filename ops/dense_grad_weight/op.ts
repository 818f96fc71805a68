// Gradient of dense with respect to its weight: Σ over the batch and the
// leading axes of dy[…, o]·x[…, i]. Unbatched [out, in]; the forward MACs.
// With `splits` S > 1 (split-K, passes/split_k.ts): the partial sums over
// S consecutive chunks of the rows, [S, out, in], added up by a split_sum.

import { noParams, pointwise, type OpContext, type OpDef } from "../contract.js";
import { SPLITS_ATTR, withSplits } from "../grad_shared.js";
import { denseGeometry } from "../shared/dense.js";

const geometry = (ctx: OpContext) => denseGeometry(ctx.inputs[0]!, ctx.inputs[1]!, "x");

export const denseGradWeight: OpDef = {
  name: "dense_grad_weight",
  doc: "Weight gradient of dense, [out, in], summed over the batch and leading axes.",
  arity: 2,
  role: "backward",
  batched: "never",
  attrs: { splits: SPLITS_ATTR },
  inferShape(ctx) {
    const { inner, out } = geometry(ctx);
    return withSplits(ctx.attrs, [out, inner]);
  },
  params: noParams,
  cost(ctx) {
    const { lead, inner, out } = geometry(ctx);
    return { macs: lead * inner * out, flops: 0 };
  },
  spatial: () => pointwise,
};
