// bce: binary cross-entropy on logits, max(x, 0) − x·t + log(1 + e^(−|x|)),
// the mean over the batch and the elements. Unbatched scalar [].

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const t = inputs[1]!;
  let total = 0;
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    total += Math.max(v, 0) - v * t.data[i]! + Math.log1p(Math.exp(-Math.abs(v)));
  }
  const out = zeros([], ctx.precision);
  out.data[0] = total / x.data.length;
  return out;
};
