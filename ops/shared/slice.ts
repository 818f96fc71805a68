// slice's attributes and shape rule, shared by slice (ops/slice/) and
// slice_grad.

import type { Shape } from "../../core/ir/graph.js";
import { fmt, intAttr, OpError, type AttrSpec, type OpContext } from "../contract.js";

export const sliceAttrs: Readonly<Record<string, AttrSpec>> = {
  start: { type: "int", min: 0, doc: "first index kept" },
  end: { type: "int", min: 1, doc: "one past the last index kept" },
  axis: { type: "int", min: 0, default: 0, doc: "axis to slice (0 is channels)" },
};

/** x's shape with end − start along the axis. */
export function sliceShape(ctx: OpContext): Shape {
  const x = ctx.inputs[0]!;
  const [start, end, axis] = [intAttr(ctx.attrs, "start"), intAttr(ctx.attrs, "end"), intAttr(ctx.attrs, "axis")];
  if (axis >= x.length) throw new OpError(`axis ${axis} is out of range for an input of shape ${fmt(x)}`, `an axis below ${x.length}`);
  const n = x[axis]!;
  if (end > n) throw new OpError(`end ${end} is past axis ${axis} of size ${n} in input ${fmt(x)}`, `end at most ${n}`);
  if (start >= end) throw new OpError(`start ${start} must be below end ${end}`, "start < end");
  return x.map((d, j) => (j === axis ? end - start : d));
}
