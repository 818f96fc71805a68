// conv_grad_weight: Σ over the batch and the output pixels of dy times the
// input value each weight tap reads (zero in the padding). Unbatched, the
// weight's shape: [out, in/groups, kh, kw], or [links, kh, kw] with a table.
// With `splits` S > 1: S partial sums, partial s over the (sample, output
// pixel) pairs k = b·OH·OW + p with ⌊k / ⌈K/S⌉⌋ = s, stacked in front.

import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import { splitsOf } from "../grad_shared.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { connections, convWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [, out, oh, ow] = dy.shape as [number, number, number, number];
  const { kh, kw, sh, sw, dh, dw, ph, pw } = convWindow(attrs, h, wd);
  const rows = connections(attrs, c, out);
  // A table's weight has a row per link; each output map lists its links.
  const table = Array.isArray(attrs.table);
  const links = rows.reduce((s, row) => s + row.length, 0);
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
