// Gradient of dense with respect to its weight: Σ over the batch and the
// leading axes of dy[…, o]·x[…, i]. Unbatched [out, in]; the forward MACs.

import { noParams, pointwise, type OpContext, type OpDef } from "../contract.js";
import { denseGeometry } from "./dense_grad_input.js";

const geometry = (ctx: OpContext) => denseGeometry(ctx.inputs[0]!, ctx.inputs[1]!, "x");

export const denseGradWeight: OpDef = {
  name: "dense_grad_weight",
  doc: "Weight gradient of dense, [out, in], summed over the batch and leading axes.",
  arity: 2,
  role: "backward",
  batched: false,
  attrs: {},
  inferShape(ctx) {
    const { inner, out } = geometry(ctx);
    return [out, inner];
  },
  params: noParams,
  cost(ctx) {
    const { lead, inner, out } = geometry(ctx);
    return { macs: lead * inner * out, flops: 0 };
  },
  spatial: () => pointwise,
};
