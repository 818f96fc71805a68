// batch_sum: dy [N, …] summed over the batch axis to […], n = 0 … N−1.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const out = zeros(dy.shape.slice(1), ctx.precision);
  const size = out.data.length;
  for (let n = 0; n < dy.shape[0]!; n++) {
    for (let i = 0; i < size; i++) out.data[i] += dy.data[n * size + i]!;
  }
  return out;
};
