// Attribute readers of the float64 reference kernels (ops/<name>/reference.ts),
// which read attributes as they come, without the OpDef's checks.

import type { AttrValue, Attrs } from "../../core/ir/graph.js";

/** The forward input's per-sample shape, from the `in_shape` attribute of a data gradient. */
export function inShape(attrs: Attrs): number[] {
  const v = attrs.in_shape;
  if (!Array.isArray(v)) throw new Error("internal: attribute 'in_shape' is not a list of ints");
  return (v as readonly AttrValue[]).map(Number);
}
