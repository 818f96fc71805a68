// split_sum: the sum over the leading axis of a split weight gradient's
// partial sums, [S, …] → […], in order 0 … S−1.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const shape = x.shape.slice(1);
  const out = zeros(shape, ctx.precision);
  const size = out.data.length;
  for (let s = 0; s < x.shape[0]!; s++) {
    for (let i = 0; i < size; i++) out.data[i] += x.data[s * size + i]!;
  }
  return out;
};
