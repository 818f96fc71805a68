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
import { connections, convOperands, convWindow, forEachConvTap } from "../shared/reference_conv.js";

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
  forEachConvTap({ n, c, h, wd, out, oh, ow, rows: connections(attrs, c, out), ...window }, (yAt, xAt, wAt) => {
    acc[yAt]! += w.data[wAt]! * x.data[xAt]!;
  });
  const y = zeros([n, out, oh, ow], ctx.precision);
  y.data.set(acc);
  return y;
};
