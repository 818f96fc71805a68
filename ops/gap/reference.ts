// gap: global average pooling, [N, C, H, W] → [N, C]:
//   y[n, c] = (1 / (H·W)) · Σ_{i, j} x[n, c, i, j]

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const y = zeros([n, c], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    let sum = 0;
    for (let q = 0; q < h * w; q++) sum += x.data[p * h * w + q]!;
    y.data[p] = sum / (h * w);
  }
  return y;
};
