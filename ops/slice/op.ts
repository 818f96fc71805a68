// A contiguous range [start, end) of one axis (channel split by default, as
// in ShuffleNet v2). A view: no arithmetic, and each output pixel is one
// input pixel, so the spatial map is pointwise.

import { noParams, pointwise, type OpDef } from "../contract.js";
import { sliceAttrs, sliceShape } from "../shared/slice.js";

export const slice: OpDef = {
  name: "slice",
  doc: "Keeps indices start..end-1 of one axis (0 is channels).",
  arity: 1,
  batched: "always",
  attrs: sliceAttrs,
  inferShape: sliceShape,
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
  grad: (g) => ({ inputs: [g.emit("slice_grad", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] })] }),
};
