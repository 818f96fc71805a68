// layernorm: over the last axis of [N, …, D] (nn.LayerNorm(D)). For each row
// r of D features, μ = mean(x_r), σ² = mean((x_r − μ)²) (biased),
// y = (x − μ)/√(σ² + eps)·γ + β; γ = 1 and β = 0 without affine.

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { rowMoments } from "../shared/layernorm.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const d = x.shape[x.shape.length - 1]!;
  const eps = numAttr(attrs, "eps");
  const y = zeros(x.shape, ctx.precision);
  for (let base = 0; base < x.data.length; base += d) {
    const { mean, variance } = rowMoments(x.data, base, d);
    const sigma = Math.sqrt(variance + eps);
    for (let j = 0; j < d; j++) {
      const g = params.weight ? params.weight.data[j]! : 1;
      const b = params.bias ? params.bias.data[j]! : 0;
      y.data[base + j] = ((x.data[base + j]! - mean) / sigma) * g + b;
    }
  }
  return y;
};
