// sub: y = a − b, elementwise, for two tensors of one shape, in float64.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const [a, b] = [inputs[0]!, inputs[1]!];
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`internal: sub of shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}]`);
  }
  const y = zeros(a.shape, ctx.precision);
  for (let i = 0; i < a.data.length; i++) y.data[i] = a.data[i]! - b.data[i]!;
  return y;
};
