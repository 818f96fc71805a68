// Gradient of upsample, its adjoint. Nearest: each input pixel gets the sum
// of the sh·sw dy pixels copied from it, one add per dy element. Bilinear
// (align_corners = false): each dy pixel scatters into its 4 source pixels
// with the forward weights, 4 multiplies and 4 adds per dy element.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, noParams, pointwise, stringAttr, type OpDef } from "../contract.js";
import { upsample } from "../upsample/op.js";
import { expectDy, forward, inShapeSpec, shapeAttr } from "../grad_shared.js";

export const upsampleGrad: OpDef = {
  name: "upsample_grad",
  doc: "Gradient of upsample: dy summed back onto the pixels it was interpolated from.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...upsample.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const x = shapeAttr(ctx.attrs, "in_shape");
    expectCHW(x, "in_shape");
    expectDy(ctx.inputs[0]!, forward(upsample, x, ctx.attrs).out, "upsample");
    return x;
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: (stringAttr(ctx.attrs, "mode") === "bilinear" ? 8 : 1) * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
