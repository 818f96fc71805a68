// lrn: local response normalisation across channels (AlexNet; PyTorch's
// nn.LocalResponseNorm) of [N, C, H, W]:
//
//   y[n, c, i, j] = x[n, c, i, j] / (k + α/size · Σ_{c'} x[n, c', i, j]²)^β
//
// with c' from c − ⌊size/2⌋ to c + ⌊(size−1)/2⌋, clipped to 0 … C−1.

import { intAttr, numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const size = intAttr(attrs, "size");
  const alpha = numAttr(attrs, "alpha");
  const beta = numAttr(attrs, "beta");
  const k = numAttr(attrs, "k");
  const y = zeros(x.shape, ctx.precision);
  const hw = h * w;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const lo = Math.max(0, ch - Math.floor(size / 2));
      const hi = Math.min(c - 1, ch + Math.floor((size - 1) / 2));
      for (let q = 0; q < hw; q++) {
        let sum = 0;
        for (let cc = lo; cc <= hi; cc++) {
          const v = x.data[(b * c + cc) * hw + q]!;
          sum += v * v;
        }
        const idx = (b * c + ch) * hw + q;
        y.data[idx] = x.data[idx]! / Math.pow(k + (alpha / size) * sum, beta);
      }
    }
  }
  return y;
};
