// Gradient of slice: dy placed at [start, end) along the axis of a zero
// tensor of the forward input's shape. A copy: no flops.

import { noParams, pointwise, type OpDef } from "../contract.js";
import { expectDy, forward, inShapeSpec, shapeAttr } from "../grad_shared.js";
import { sliceAttrs, sliceShape } from "../shared/slice.js";

export const sliceGrad: OpDef = {
  name: "slice_grad",
  doc: "Gradient of slice: dy at [start, end) along the axis, zeros elsewhere.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...sliceAttrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const x = shapeAttr(ctx.attrs, "in_shape");
    expectDy(ctx.inputs[0]!, forward(sliceShape, x, ctx.attrs).out, "slice");
    return x;
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
};
