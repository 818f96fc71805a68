// gmp: global max pooling, [N, C, H, W] → [N, C]:
//   y[n, c] = max_{i, j} x[n, c, i, j]

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const y = zeros([n, c], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    let m = -Infinity;
    for (let q = 0; q < h * w; q++) {
      const v = x.data[p * h * w + q]!;
      if (v > m || Number.isNaN(v)) m = v;
    }
    y.data[p] = m;
  }
  return y;
};
