// Gradient of conv with respect to its weight: for each tap, the sum over the
// batch and the output pixels of dy times the input pixel it tapped.
// Unbatched, of the weight's shape ([links, kh, kw] with a table); the
// forward MACs. With `splits` S > 1 (split-K, chosen by
// passes/split_k.ts for a GPU program) the sum over k = (batch, pixel) is
// cut into S consecutive chunks of ⌈K/S⌉ and the result is their partial
// sums, [S, …the weight's shape], which a split_sum adds up.

import { expectCHW, noParams, pointwise, type OpContext, type OpDef } from "../contract.js";
import { expectDy, forward, SPLITS_ATTR, withSplits } from "../grad_shared.js";
import { convAttrs, convCost, convParams, convShape } from "../shared/conv.js";

function fwd(ctx: OpContext) {
  const x = ctx.inputs[0]!;
  expectCHW(x, "x");
  return forward(convShape, x, ctx.attrs);
}

export const convGradWeight: OpDef = {
  name: "conv_grad_weight",
  doc: "Weight gradient of conv: Σ over batch and output pixels of dy·x at each tap.",
  arity: 2,
  role: "backward",
  batched: "never",
  attrs: { ...convAttrs, splits: SPLITS_ATTR },
  inferShape(ctx) {
    const f = fwd(ctx);
    expectDy(ctx.inputs[1]!, f.out, "conv");
    return withSplits(ctx.attrs, convParams(f.ctx).find((p) => p.role === "weight")!.shape);
  },
  params: noParams,
  cost(ctx) {
    const f = fwd(ctx);
    return { macs: convCost(f.ctx, f.out).macs, flops: 0 };
  },
  spatial: () => pointwise,
};
