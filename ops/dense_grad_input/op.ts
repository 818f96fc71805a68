// Gradient of dense with respect to its input: dx[…, i] = Σ_o dy[…, o]·W[o, i].
// It reads the forward weight [out, in] (role "weight"); the forward MACs.

import { pointwise, type OpContext, type OpDef, fromForward } from "../contract.js";
import { inShapeSpec, shapeAttr } from "../grad_shared.js";
import { denseGeometry } from "../shared/dense.js";

function geometry(ctx: OpContext) {
  const x = shapeAttr(ctx.attrs, "in_shape");
  return { x, ...denseGeometry(x, ctx.inputs[0]!, "in_shape") };
}

export const denseGradInput: OpDef = {
  name: "dense_grad_input",
  doc: "Input gradient of dense: dy·W over the last axis.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { in_shape: inShapeSpec },
  inferShape: (ctx) => geometry(ctx).x,
  params(ctx) {
    const { inner, out } = geometry(ctx);
    return [{ role: "weight", shape: [out, inner], kind: "weight", init: fromForward }];
  },
  cost(ctx) {
    const { lead, inner, out } = geometry(ctx);
    return { macs: lead * inner * out, flops: 0 };
  },
  spatial: () => pointwise,
};
