// layernorm_grad_input: per row of D (the last axis), x̂ = (x − μ)/σ with
// σ = √(σ² + eps) from the row's mean and biased variance, g = dy·γ
// (γ = 1 without affine), dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)).

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { rowMoments } from "../shared/layernorm.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const d = x.shape[x.shape.length - 1]!;
  const eps = numAttr(attrs, "eps");
  const dx = zeros(x.shape, ctx.precision);
  const gamma = (j: number) => (params.weight ? params.weight.data[j]! : 1);
  for (let base = 0; base < x.data.length; base += d) {
    const { mean, variance } = rowMoments(x.data, base, d);
    const sigma = Math.sqrt(variance + eps);
    let meanG = 0;
    let meanGXhat = 0;
    for (let j = 0; j < d; j++) {
      const g = dy.data[base + j]! * gamma(j);
      meanG += g;
      meanGXhat += g * ((x.data[base + j]! - mean) / sigma);
    }
    meanG /= d;
    meanGXhat /= d;
    for (let j = 0; j < d; j++) {
      const g = dy.data[base + j]! * gamma(j);
      const xhat = (x.data[base + j]! - mean) / sigma;
      dx.data[base + j] = (g - meanG - xhat * meanGXhat) / sigma;
    }
  }
  return dx;
};
