// add: elementwise sum of two or more tensors of one shape,
//   y = x₁ + x₂ + … + xₖ

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const first = inputs[0]!;
  for (const t of inputs) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new Error(`internal: add of shapes [${first.shape.join(", ")}] and [${t.shape.join(", ")}]`);
    }
  }
  const y = zeros(first.shape, ctx.precision);
  for (let i = 0; i < first.data.length; i++) {
    let s = 0;
    for (const t of inputs) s += t.data[i]!;
    y.data[i] = s;
  }
  return y;
};
