// Padding of a [C, H, W] map, as PyTorch's F.pad: zeros ("constant"),
// reflect or replicate, each side its own amount (TF-style "same" with
// stride 2 pads only bottom and right). A copy: no arithmetic, no
// parameters.

import { noParams, type OpDef } from "../contract.js";
import { padAttrs, padShape, padsOf } from "../shared/pad.js";

export const pad: OpDef = {
  name: "pad",
  doc: "Pads a [C, H, W] map: p = int, [h, w] or [top, bottom, left, right]; mode zeros, reflect or replicate.",
  arity: 1,
  batched: "always",
  attrs: padAttrs,
  inferShape: padShape,
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  // Output pixel o reads input pixel o − top (o − left): a window of kernel 1
  // and stride 1 whose `pad` is the leading side, which places the receptive
  // field exactly. The window map has one pad per axis, so the trailing side
  // (which only adds output pixels) is not recorded; a border pixel of
  // reflect or replicate reads an interior pixel the map does not name.
  spatial(ctx) {
    const [t, , l] = padsOf(ctx.attrs);
    return { kind: "window", kernel: [1, 1], stride: [1, 1], pad: [t, l], dilation: [1, 1] };
  },
  grad: (g) => ({ inputs: [g.emit("pad_grad", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] })] }),
};
