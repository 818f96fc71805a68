// elu: y = x > 0 ? x : α·(eˣ − 1), elementwise (eˣ − 1 as expm1).

import { numAttr } from "../contract.js";
import type { Derivative, Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const alpha = numAttr(attrs, "alpha");
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    y.data[i] = v > 0 ? v : alpha * Math.expm1(v);
  }
  return y;
};

/** d elu from v = x: dy for x > 0, dy·α·eˣ otherwise. */
export const derivative: Derivative = (v, dy, attrs) => (v > 0 ? dy : dy * numAttr(attrs, "alpha") * Math.exp(v));
