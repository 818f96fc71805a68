// adaptive_avgpool: nn.AdaptiveAvgPool2d to a fixed [oh, ow]. Output row i
// averages input rows ⌊i·H/oh⌋ … ⌈(i+1)·H/oh⌉ − 1, columns likewise:
//
//   y[n, c, i, j] = mean of x[n, c, h0..h1−1, w0..w1−1]

import { pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [oh, ow] = pairAttr(attrs, "size");
  const y = zeros([n, c, oh, ow], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      const h0 = Math.floor((i * h) / oh);
      const h1 = Math.ceil(((i + 1) * h) / oh);
      for (let j = 0; j < ow; j++) {
        const w0 = Math.floor((j * w) / ow);
        const w1 = Math.ceil(((j + 1) * w) / ow);
        let sum = 0;
        for (let yy = h0; yy < h1; yy++) {
          for (let xx = w0; xx < w1; xx++) sum += x.data[(p * h + yy) * w + xx]!;
        }
        y.data[(p * oh + i) * ow + j] = sum / ((h1 - h0) * (w1 - w0));
      }
    }
  }
  return y;
};
