// softplus: y = log(1 + eˣ), elementwise, in float64; computed as
// max(x, 0) + log1p(e^(−|x|)) so that eˣ never overflows.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    y.data[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return y;
};

/** d softplus from v = x: dy·σ(x), with σ(x) = 1 / (1 + e^(−x)) written to avoid overflow for x < 0. */
export const derivative: Derivative = (v, dy) => dy * (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
