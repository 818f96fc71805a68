// flatten: [N, …] → [N, product of the rest], row-major (torch.flatten(x, 1)).

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const n = x.shape[0]!;
  const y = zeros([n, n === 0 ? 0 : x.data.length / n], ctx.precision);
  for (let i = 0; i < x.data.length; i++) y.data[i] = x.data[i]!;
  return y;
};
