// scale: per-channel affine map over channel axis 1 of [N, C, …]:
//   y[n, c, …] = w[c]·x[n, c, …] + b[c]   (b = 0 without a bias)

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, params, ctx) => {
  const x = inputs[0]!;
  const w = params.weight!;
  const b = params.bias;
  const n = x.shape[0]!;
  const c = x.shape[1]!;
  const inner = x.data.length / (n * c);
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const ch = Math.floor(i / inner) % c;
    y.data[i] = w.data[ch]! * x.data[i]! + (b ? b.data[ch]! : 0);
  }
  return y;
};
