// conv_grad_weight: Σ over the batch and the output pixels of dy times the
// input value each weight tap reads (zero in the padding). Unbatched, the
// weight's shape: [out, in/groups, kh, kw], or [links, kh, kw] with a table.
// With `splits` S > 1: S partial sums, partial s over the (sample, output
// pixel) pairs k = b·OH·OW + p with ⌊k / ⌈K/S⌉⌋ = s, stacked in front.

import { elementCount, type AttrValue, type Attrs } from "../../core/ir/graph.js";
import { intAttr, pairAttr, resolvePad } from "../contract.js";
import { splitsOf } from "../grad_shared.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

/** For each output map, its [input map, weight row] pairs, and the number of rows. */
function connections(attrs: Attrs, c: number, out: number): { rows: [number, number][][]; links: number; table: boolean } {
  const rows: [number, number][][] = [];
  const table = attrs.table;
  if (Array.isArray(table)) {
    let link = 0;
    for (let o = 0; o < out; o++) {
      const row = table[o] as readonly AttrValue[];
      rows.push(row.map((ci): [number, number] => [Number(ci), link++]));
    }
    return { rows, links: link, table: true };
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
  return { rows, links: out * cpg, table: false };
}

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [, out, oh, ow] = dy.shape as [number, number, number, number];
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const ph = resolvePad(attrs.padding!, 0, h, kh, sh, dh)[0];
  const pw = resolvePad(attrs.padding!, 1, wd, kw, sw, dw)[0];
  const { rows, links, table } = connections(attrs, c, out);
  const shape = table ? [links, kh, kw] : [out, c / intAttr(attrs, "groups"), kh, kw];
  const splits = splitsOf(attrs);
  const size = elementCount(shape);
  const chunk = Math.ceil((n * oh * ow) / splits);
  const dw_ = zeros(splits > 1 ? [splits, ...shape] : shape, ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < out; o++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const g = dy.data[((b * out + o) * oh + oy) * ow + ox]!;
          const base = Math.floor(((b * oh + oy) * ow + ox) / chunk) * size;
          for (const [ci, row] of rows[o]!) {
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * sh - ph + ky * dh;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * sw - pw + kx * dw;
                if (ix < 0 || ix >= wd) continue;
                dw_.data[base + (row * kh + ky) * kw + kx] += g * x.data[((b * c + ci) * h + iy) * wd + ix]!;
              }
            }
          }
        }
      }
    }
  }
  return dw_;
};
