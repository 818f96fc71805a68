// maxpool: 2-D max pooling, PyTorch semantics (nn.MaxPool2d).
//
//   y[n, c, i, j] = max_{ki, kj} x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
//
// over the taps inside the input (padding is −∞, so it never wins). Stride
// null means the kernel. Output size ⌊(H + 2p − (d(k−1)+1))/s⌋ + 1, or with
// ceil mode ⌈·⌉ + 1, less one when the last window would start at or past
// H + p (PyTorch's rule: every window starts inside the input or left padding).

import { pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { poolOutSize, poolWindow } from "../shared/reference_pool.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const { kh, kw, sh, sw, ph, pw, ceil } = poolWindow(attrs);
  const [dh, dw] = pairAttr(attrs, "dilation");
  const oh = poolOutSize(h, kh, sh, ph, dh, ceil);
  const ow = poolOutSize(w, kw, sw, pw, dw, ceil);
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
