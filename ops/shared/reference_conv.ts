// Float64 reference helpers of conv's gradient kernels (conv_grad_input,
// conv_grad_cols, col2im): which weight row links an output map to an input
// map, and the forward input's shape from the in_shape attribute.

import type { AttrValue, Attrs } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";

/** For each output map, its [input map, weight row] pairs. */
export function connections(attrs: Attrs, c: number, out: number): [number, number][][] {
  const rows: [number, number][][] = [];
  const table = attrs.table;
  if (Array.isArray(table)) {
    let link = 0;
    for (let o = 0; o < out; o++) {
      const row = table[o] as readonly AttrValue[];
      rows.push(row.map((ci): [number, number] => [Number(ci), link++]));
    }
    return rows;
  }
  const groups = intAttr(attrs, "groups");
  const cpg = c / groups;
  const opg = out / groups;
  for (let o = 0; o < out; o++) {
    const g = Math.floor(o / opg);
    const row: [number, number][] = [];
    for (let j = 0; j < cpg; j++) row.push([g * cpg + j, o * cpg + j]);
    rows.push(row);
  }
  return rows;
}

/** The forward input's per-sample shape, from the `in_shape` attribute. */
export function inShape(attrs: Attrs): number[] {
  const v = attrs.in_shape;
  if (!Array.isArray(v)) throw new Error("internal: attribute 'in_shape' is not a list of ints");
  return (v as readonly AttrValue[]).map(Number);
}
