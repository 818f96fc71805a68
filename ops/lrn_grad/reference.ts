// lrn_grad: the adjoint of lrn across channels. With
// D_c = k + α/n·Σ_{c' ∈ W(c)} x_{c'}², W(c) = c−⌊n/2⌋ … c+⌊(n−1)/2⌋ clipped,
// y_c = x_c·D_c^(−β), so
// dx_j = dy_j·D_j^(−β) − 2αβ/n·x_j·Σ_{c: j ∈ W(c)} dy_c·x_c·D_c^(−β−1).

import { intAttr, numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const size = intAttr(attrs, "size");
  const alpha = numAttr(attrs, "alpha");
  const beta = numAttr(attrs, "beta");
  const k = numAttr(attrs, "k");
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const hw = h * w;
  const lo = Math.floor(size / 2);
  const hi = Math.floor((size - 1) / 2);
  const dx = zeros(x.shape, ctx.precision);
  const at = (b: number, ch: number, p: number) => (b * c + ch) * hw + p;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < hw; p++) {
      const d: number[] = [];
      for (let ch = 0; ch < c; ch++) {
        let sq = 0;
        for (let j = Math.max(0, ch - lo); j <= Math.min(c - 1, ch + hi); j++) sq += x.data[at(b, j, p)]! ** 2;
        d.push(k + (alpha / size) * sq);
      }
      for (let j = 0; j < c; j++) {
        let acc = dy.data[at(b, j, p)]! * d[j]! ** -beta;
        for (let ch = 0; ch < c; ch++) {
          if (j < ch - lo || j > ch + hi) continue;
          acc -= ((2 * alpha * beta) / size) * x.data[at(b, j, p)]! * dy.data[at(b, ch, p)]! * x.data[at(b, ch, p)]! * d[ch]! ** (-beta - 1);
        }
        dx.data[at(b, j, p)] = acc;
      }
    }
  }
  return dx;
};
