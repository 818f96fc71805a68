// mse: (x − t)², the mean over the batch and the elements. Unbatched scalar [].

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const t = inputs[1]!;
  let total = 0;
  for (let i = 0; i < x.data.length; i++) total += (x.data[i]! - t.data[i]!) ** 2;
  const out = zeros([], ctx.precision);
  out.data[0] = total / x.data.length;
  return out;
};
