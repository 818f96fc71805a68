// conv: 2-D convolution, PyTorch semantics (nn.Conv2d).
//
//   y[n, o, i, j] = b[o] + Σ_{c ∈ in(o)} Σ_{ki, kj} w[o, c', ki, kj] · x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
//
// with zero padding (taps outside the input contribute nothing). Without a
// table, in(o) is o's group: c = g·(C/groups) + c', g = ⌊o / (O/groups)⌋ and
// w is [O, C/groups, kh, kw]. With a connection table (groups = 1), in(o) is
// row o of the table and w is [links, kh, kw]: link l is the l-th entry of the
// table read row by row (output 0's inputs first, in the order listed).
// "same" padding is TensorFlow's: out = ⌈H/s⌉, odd padding after (resolvePad).

import { intAttr, resolvePad } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { connections, convOperands, convWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const { x, w, b, n, c, h, wd } = convOperands(inputs, params);
  const out = intAttr(attrs, "out");
  const window = convWindow(attrs, h, wd);
  const { kh, kw, sh, sw, dh, dw } = window;
  const [padTop, padBottom] = resolvePad(attrs.padding!, 0, h, kh, sh, dh);
  const [padLeft, padRight] = resolvePad(attrs.padding!, 1, wd, kw, sw, dw);
  const oh = Math.floor((h + padTop + padBottom - (dh * (kh - 1) + 1)) / sh) + 1;
  const ow = Math.floor((wd + padLeft + padRight - (dw * (kw - 1) + 1)) / sw) + 1;

  // Accumulate in float64 from the bias, store once (so f32 mode rounds each output once).
  const acc = new Float64Array(n * out * oh * ow);
  for (let bi = 0; bi < n; bi++) {
    for (let o = 0; o < out; o++) acc.fill(b ? b.data[o]! : 0, (bi * out + o) * oh * ow, (bi * out + o + 1) * oh * ow);
  }
  // The taps loop with the weight outermost and the output row innermost:
  // each output still sums its taps in the order link, kernel row, kernel
  // column (forEachConvTap's, so the numbers are the same), but without a
  // call per tap, which made the oracle of full-size networks slow.
  const rows = connections(attrs, c, out);
  const { ph, pw } = window;
  const xs = x.data;
  const ws = w.data;
  for (let bi = 0; bi < n; bi++) {
    for (let o = 0; o < out; o++) {
      const yBase = (bi * out + o) * oh * ow;
      for (const [ci, row] of rows[o]!) {
        const xBase = (bi * c + ci) * h * wd;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const wv = ws[(row * kh + ky) * kw + kx]!;
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * sh - ph + ky * dh;
              if (iy < 0 || iy >= h) continue;
              const yRow = yBase + oy * ow;
              const xRow = xBase + iy * wd;
              for (let ox = 0; ox < ow; ox++) {
                const ix = ox * sw - pw + kx * dw;
                if (ix < 0 || ix >= wd) continue;
                acc[yRow + ox]! += wv * xs[xRow + ix]!;
              }
            }
          }
        }
      }
    }
  }
  const y = zeros([n, out, oh, ow], ctx.precision);
  y.data.set(acc);
  return y;
};
