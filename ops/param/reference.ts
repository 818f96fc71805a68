// param: the learned tensor w, repeated for each sample of the batch:
// out[n, i] = w[i].

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (_inputs, _attrs, params, ctx) => {
  const w = params.weight!;
  const out = zeros([ctx.batch, ...w.shape], ctx.precision);
  const size = w.data.length;
  for (let n = 0; n < ctx.batch; n++) {
    for (let i = 0; i < size; i++) out.data[n * size + i] = w.data[i]!;
  }
  return out;
};
