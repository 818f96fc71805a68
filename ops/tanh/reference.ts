// tanh: y = tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x)), elementwise.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) y.data[i] = Math.tanh(x.data[i]!);
  return y;
};

/** d tanh from v = y: dy·(1 − y²). */
export const derivative: Derivative = (v, dy) => dy * (1 - v * v);
