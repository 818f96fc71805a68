// Float64 reference helpers of the conv family's kernels: a conv's and a
// transposed conv's window as their attributes give it, and which weight row
// links an output map to an input map (conv's gradients).

import type { AttrValue, Attrs } from "../../core/ir/graph.js";
import { intAttr, pairAttr, resolvePad } from "../contract.js";

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

/** A conv's window: kernel, stride, dilation, and the leading padding of an h × wd input ("same" resolved as the forward does). */
export function convWindow(attrs: Attrs, h: number, wd: number) {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const ph = resolvePad(attrs.padding!, 0, h, kh, sh, dh)[0];
  const pw = resolvePad(attrs.padding!, 1, wd, kw, sw, dw)[0];
  return { kh, kw, sh, sw, dh, dw, ph, pw };
}

/** A transposed conv's window: kernel, stride, padding (a plain pair) and dilation. */
export function convTransposeWindow(attrs: Attrs) {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [ph, pw] = pairAttr(attrs, "padding");
  const [dh, dw] = pairAttr(attrs, "dilation");
  return { kh, kw, sh, sw, ph, pw, dh, dw };
}
