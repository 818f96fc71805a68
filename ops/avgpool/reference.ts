// avgpool: 2-D average pooling, PyTorch semantics (nn.AvgPool2d).
//
//   y[n, c, i, j] = (Σ of x over the window ∩ input) / divisor
//
// The window of output i starts at i·s − p and ends at min(start + k, H + p)
// (in ceil mode the last window may be clipped at the padded border). With
// count_include_pad the divisor is that window's size (padding counted, the
// part past the padded border not); otherwise the number of input pixels in it.
// Stride null means the kernel; the output size follows maxpool (dilation 1).

import { boolAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { poolOutSize, poolWindow } from "../shared/reference_pool.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const { kh, kw, sh, sw, ph, pw, ceil } = poolWindow(attrs);
  const includePad = boolAttr(attrs, "count_include_pad");
  const oh = poolOutSize(h, kh, sh, ph, 1, ceil);
  const ow = poolOutSize(w, kw, sw, pw, 1, ceil);
  const y = zeros([n, c, oh, ow], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      let h0 = i * sh - ph;
      let h1 = Math.min(h0 + kh, h + ph);
      const padRows = h1 - h0;
      h0 = Math.max(h0, 0);
      h1 = Math.min(h1, h);
      for (let j = 0; j < ow; j++) {
        let w0 = j * sw - pw;
        let w1 = Math.min(w0 + kw, w + pw);
        const padCols = w1 - w0;
        w0 = Math.max(w0, 0);
        w1 = Math.min(w1, w);
        let sum = 0;
        for (let yy = h0; yy < h1; yy++) {
          for (let xx = w0; xx < w1; xx++) sum += x.data[(p * h + yy) * w + xx]!;
        }
        const divisor = includePad ? padRows * padCols : (h1 - h0) * (w1 - w0);
        y.data[(p * oh + i) * ow + j] = sum / divisor;
      }
    }
  }
  return y;
};
