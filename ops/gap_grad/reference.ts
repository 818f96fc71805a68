// gap_grad: dy[c] / (H·W) at every pixel of channel c.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const [c, h, w] = inShape(attrs) as [number, number, number];
  const n = dy.shape[0]!;
  const dx = zeros([n, c, h, w], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const g = dy.data[b * c + ch]! / (h * w);
      for (let i = 0; i < h * w; i++) dx.data[(b * c + ch) * h * w + i] = g;
    }
  }
  return dx;
};
