// select's attributes and the resolution of its axis and index, shared by
// its definition (ops/select/op.ts) and its kernel.

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { fmt, intAttr, OpError, type AttrSpec } from "../contract.js";
import { resolveAxis } from "./axis.js";

export const selectAttrs: Readonly<Record<string, AttrSpec>> = {
  // No bounds: the shape rule refuses an axis or index out of range with the input's shape in the message.
  axis: { type: "int", aliases: ["dim"], doc: "per-sample axis to pick from (0 is the first after the batch; −1 the last)" },
  index: { type: "int", doc: "the position kept along the axis (−1 is the last)" },
};

/** The axis and index of a select on per-sample shape x, both as non-negative positions; an OpError when out of range. */
export function resolveSelect(attrs: Attrs, x: Shape): { readonly axis: number; readonly index: number } {
  const axis = resolveAxis(intAttr(attrs, "axis"), x);
  const size = x[axis]!;
  const index = intAttr(attrs, "index");
  if (index < -size || index >= size) {
    throw new OpError(`index ${index} is out of range for axis ${axis} of size ${size} in input ${fmt(x)}`, `an index in ${-size}..${size - 1}`);
  }
  return { axis, index: index < 0 ? index + size : index };
}
