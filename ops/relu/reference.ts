// relu: y = max(x, 0), elementwise.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    y.data[i] = v > 0 ? v : 0;
  }
  return y;
};

/** d relu: dy where the activation is positive (v is y, positive exactly where x is), else 0. */
export const derivative: Derivative = (v, dy) => (v > 0 ? dy : 0);
