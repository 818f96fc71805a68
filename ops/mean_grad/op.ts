// Gradient of mean: dy/len at each of the len positions along the axis that
// mean averaged over (dy's own shape with that axis dropped or kept as 1).
// One divide per element of dx.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { expectDy, forward, inShapeSpec, shapeAttr } from "../grad_shared.js";
import { meanAttrs, meanShape } from "../shared/mean.js";

export const meanGrad: OpDef = {
  name: "mean_grad",
  doc: "Gradient of mean: dy / len spread along the averaged axis.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...meanAttrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const x = shapeAttr(ctx.attrs, "in_shape");
    expectDy(ctx.inputs[0]!, forward(meanShape, x, ctx.attrs).out, "mean");
    return x;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
