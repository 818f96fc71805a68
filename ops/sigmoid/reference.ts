// sigmoid: y = 1 / (1 + e^(−x)), elementwise; for x < 0 computed as
// eˣ / (1 + eˣ), the same value without overflow.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    if (v >= 0) {
      y.data[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      y.data[i] = e / (1 + e);
    }
  }
  return y;
};

/** d sigmoid from v = y: dy·y·(1 − y). */
export const derivative: Derivative = (v, dy) => dy * v * (1 - v);
