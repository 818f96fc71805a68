// gmp_grad: dy[c] at the first maximum of channel c (scan order: rows, then
// columns), zero elsewhere.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const dx = zeros(x.shape, ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * h * w;
      let arg = base;
      for (let i = 1; i < h * w; i++) if (x.data[base + i]! > x.data[arg]!) arg = base + i;
      dx.data[arg] = dy.data[b * c + ch]!;
    }
  }
  return dx;
};
