// maxpool: 2-D max pooling, PyTorch semantics (nn.MaxPool2d).
//
//   y[n, c, i, j] = max_{ki, kj} x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
//
// over the taps inside the input (padding is −∞, so it never wins). Stride
// null means the kernel. Output size ⌊(H + 2p − (d(k−1)+1))/s⌋ + 1, or with
// ceil mode ⌈·⌉ + 1, less one when the last window would start at or past
// H + p (PyTorch's rule: every window starts inside the input or left padding).

import { boolAttr, pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

function outSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = size + 2 * p - (d * (k - 1) + 1);
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (o - 1) * s >= size + p) o -= 1;
  return o;
}

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = attrs.stride === null ? [kh, kw] : pairAttr(attrs, "stride");
  const [ph, pw] = pairAttr(attrs, "padding");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const ceil = boolAttr(attrs, "ceil");
  const oh = outSize(h, kh, sh, ph, dh, ceil);
  const ow = outSize(w, kw, sw, pw, dw, ceil);
  const y = zeros([n, c, oh, ow], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let m = -Infinity;
        for (let ki = 0; ki < kh; ki++) {
          const yy = i * sh - ph + ki * dh;
          if (yy < 0 || yy >= h) continue;
          for (let kj = 0; kj < kw; kj++) {
            const xx = j * sw - pw + kj * dw;
            if (xx < 0 || xx >= w) continue;
            const v = x.data[(p * h + yy) * w + xx]!;
            if (v > m || Number.isNaN(v)) m = v;
          }
        }
        y.data[(p * oh + i) * ow + j] = m;
      }
    }
  }
  return y;
};
