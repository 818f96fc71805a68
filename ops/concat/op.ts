// Concatenation of two or more tensors along one axis (channels by default,
// as in Inception and DenseNet). Each output is a copy of one input element,
// so there is no arithmetic and the spatial map is pointwise on any axis.

import { fmt, intAttr, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const concat: OpDef = {
  name: "concat",
  doc: "Joins two or more tensors along an axis (0 is channels); other axes must match.",
  arity: "variadic",
  batched: "always",
  attrs: {
    axis: { type: "int", min: 0, default: 0, doc: "axis to join along (0 is channels)" },
  },
  inferShape(ctx) {
    const axis = intAttr(ctx.attrs, "axis");
    const first = ctx.inputs[0]!;
    if (axis >= first.length) throw new OpError(`axis ${axis} is out of range for operand 1 of shape ${fmt(first)}`, `an axis below ${first.length}`);
    let total = 0;
    ctx.inputs.forEach((s, i) => {
      if (s.length !== first.length || s.some((d, j) => j !== axis && d !== first[j])) {
        throw new OpError(`operand ${i + 1} has shape ${fmt(s)} but operand 1 has ${fmt(first)}; they may differ only on axis ${axis}`, `shapes equal except on axis ${axis}`);
      }
      total += s[axis]!;
    });
    return first.map((d, j) => (j === axis ? total : d));
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
  // Each operand's gradient is its slice of dy.
  grad: (g) => {
    const axis = g.attrs.axis as number;
    let start = 0;
    return {
      inputs: g.inputs.map((s, i) => {
        const end = start + s[axis]!;
        const r = g.needsInput(i) ? g.emit("slice", [g.dy], { start, end, axis }) : undefined;
        start = end;
        return r;
      }),
    };
  },
};
