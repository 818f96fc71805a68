// conv_grad_cols: the column gradient of conv, cols[b, c, ky·kw + kx, oy, ox]
// = Σ over the output maps o reading map c of W[o, c, ky, kx]·dy[b, o, oy, ox],
// for every tap, those on padding included (col2im drops them).

import type { Attrs } from "../../core/ir/graph.js";
import { pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { connections } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs: Attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const [c] = inShape(attrs) as [number];
  const [n, out, oh, ow] = dy.shape as [number, number, number, number];
  const [kh, kw] = pairAttr(attrs, "kernel");
  const taps = kh * kw;
  const rows = connections(attrs, c, out);
  const cols = zeros([n, c, taps, oh, ow], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < out; o++) {
      for (const [ci, row] of rows[o]!) {
        for (let t = 0; t < taps; t++) {
          const wt = w.data[row * taps + t]!;
          for (let p = 0; p < oh * ow; p++) {
            cols.data[((b * c + ci) * taps + t) * oh * ow + p] += wt * dy.data[(b * out + o) * oh * ow + p]!;
          }
        }
      }
    }
  }
  return cols;
};
