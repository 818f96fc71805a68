// layernorm_grad_weight: Σ dy·x̂ per feature over the batch and every row,
// x̂ = (x − μ)/√(σ² + eps) from each row's mean and biased variance (the
// gradient of γ). Unbatched, [D].

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { rowMoments } from "../shared/layernorm.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const d = x.shape[x.shape.length - 1]!;
  const eps = numAttr(attrs, "eps");
  const gw = zeros([d], ctx.precision);
  for (let base = 0; base < x.data.length; base += d) {
    const { mean, variance } = rowMoments(x.data, base, d);
    const sigma = Math.sqrt(variance + eps);
    for (let j = 0; j < d; j++) gw.data[j] = gw.data[j]! + dy.data[base + j]! * ((x.data[base + j]! - mean) / sigma);
  }
  return gw;
};
