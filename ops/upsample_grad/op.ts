// Gradient of upsample, its adjoint. Nearest: each input pixel gets the sum
// of the sh·sw dy pixels copied from it, one add per dy element. Bilinear
// (align_corners = false): each dy pixel scatters into its 4 source pixels
// with the forward weights, 4 multiplies and 4 adds per dy element.

import { elementCount } from "../../core/ir/graph.js";
import { stringAttr, type OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { upsampleAttrs, upsampleShape } from "../shared/upsample.js";

export const upsampleGrad: OpDef = {
  name: "upsample_grad",
  doc: "Gradient of upsample: dy summed back onto the pixels it was interpolated from.",
  ...dataGradFields("upsample", upsampleAttrs, upsampleShape),
  cost: (ctx) => ({ macs: 0, flops: (stringAttr(ctx.attrs, "mode") === "bilinear" ? 8 : 1) * elementCount(ctx.inputs[0]!) }),
};
