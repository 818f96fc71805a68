// A contiguous range [start, end) of one axis (channel split by default, as
// in ShuffleNet v2). A view: no arithmetic, and each output pixel is one
// input pixel, so the spatial map is pointwise.

import { fmt, intAttr, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const slice: OpDef = {
  name: "slice",
  doc: "Keeps indices start..end-1 of one axis (0 is channels).",
  arity: 1,
  batched: "always",
  attrs: {
    start: { type: "int", min: 0, doc: "first index kept" },
    end: { type: "int", min: 1, doc: "one past the last index kept" },
    axis: { type: "int", min: 0, default: 0, doc: "axis to slice (0 is channels)" },
  },
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    const [start, end, axis] = [intAttr(ctx.attrs, "start"), intAttr(ctx.attrs, "end"), intAttr(ctx.attrs, "axis")];
    if (axis >= x.length) throw new OpError(`axis ${axis} is out of range for an input of shape ${fmt(x)}`, `an axis below ${x.length}`);
    const n = x[axis]!;
    if (end > n) throw new OpError(`end ${end} is past axis ${axis} of size ${n} in input ${fmt(x)}`, `end at most ${n}`);
    if (start >= end) throw new OpError(`start ${start} must be below end ${end}`, "start < end");
    return x.map((d, j) => (j === axis ? end - start : d));
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
  grad: (g) => ({ inputs: [g.emit("slice_grad", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] })] }),
};
