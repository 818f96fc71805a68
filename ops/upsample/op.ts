// Upsampling by an integer factor per axis, nearest or bilinear
// (PyTorch's nn.Upsample with scale_factor; bilinear with align_corners=False).

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pairAttr, stringAttr, type OpDef } from "../contract.js";
import { upsampleAttrs, upsampleShape } from "../shared/upsample.js";

export const upsample: OpDef = {
  name: "upsample",
  doc: "Upsamples a [C, H, W] map by an integer factor, nearest or bilinear.",
  arity: 1,
  batched: "always",
  attrs: upsampleAttrs,
  inferShape: upsampleShape,
  params: noParams,
  cost(ctx, out) {
    // Nearest is a copy. Bilinear blends 4 neighbours: 4 multiplies by the
    // weights and 3 adds per output element (weights are per-position constants).
    const flops = stringAttr(ctx.attrs, "mode") === "bilinear" ? 7 * elementCount(out) : 0;
    return { macs: 0, flops };
  },
  spatial(ctx) {
    const bilinear = stringAttr(ctx.attrs, "mode") === "bilinear";
    return { kind: "upsample", factor: pairAttr(ctx.attrs, "scale"), kernel: bilinear ? [2, 2] : [1, 1], pad: [0, 0] };
  },
  grad: (g) => ({ inputs: [g.emit("upsample_grad", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] })] }),
};
