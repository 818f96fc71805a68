// bn: batch normalisation over channel axis 1 of [N, C, …] (nn.BatchNorm*d).
//
//   eval (attrs.training absent or false):
//     y = (x − running_mean[c]) / √(running_var[c] + eps) · γ[c] + β[c]
//   training (attrs.training = true): with the batch statistics of channel c
//     over N and every axis after C (for a per-sample [C] input, over N alone),
//     μ = mean(x), σ² = mean((x − μ)²) (biased),
//     y = (x − μ) / √(σ² + eps) · γ[c] + β[c]
//
// Without affine parameters γ = 1 and β = 0.

import { numAttr } from "../contract.js";
import type { Kernel, RunningStats } from "../reference_kernel.js";
import { zeros, type Precision, type Tensor } from "../../core/tensor/tensor.js";

/** Per-channel batch mean and biased variance of x [N, C, …], and the count m = N·(elements after C). */
export function bnBatchStats(x: Tensor): { mean: number[]; variance: number[]; count: number } {
  const n = x.shape[0]!;
  const c = x.shape[1]!;
  const inner = x.data.length / (n * c);
  const mean: number[] = [];
  const variance: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let b = 0; b < n; b++) for (let q = 0; q < inner; q++) sum += x.data[(b * c + ch) * inner + q]!;
    const mu = sum / (n * inner);
    let sq = 0;
    for (let b = 0; b < n; b++) {
      for (let q = 0; q < inner; q++) {
        const d = x.data[(b * c + ch) * inner + q]! - mu;
        sq += d * d;
      }
    }
    mean.push(mu);
    variance.push(sq / (n * inner));
  }
  return { mean, variance, count: n * inner };
}

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const n = x.shape[0]!;
  const c = x.shape[1]!;
  const inner = x.data.length / (n * c);
  const eps = numAttr(attrs, "eps");
  const training = attrs.training === true;
  let mean: ArrayLike<number>;
  let variance: ArrayLike<number>;
  if (training) {
    const s = bnBatchStats(x);
    mean = s.mean;
    variance = s.variance;
  } else {
    mean = params.running_mean!.data;
    variance = params.running_var!.data;
  }
  const gamma = params.weight;
  const beta = params.bias;
  const y = zeros(x.shape, ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const inv = 1 / Math.sqrt(variance[ch]! + eps);
      const g = gamma ? gamma.data[ch]! : 1;
      const sh = beta ? beta.data[ch]! : 0;
      for (let q = 0; q < inner; q++) {
        const idx = (b * c + ch) * inner + q;
        y.data[idx] = (x.data[idx]! - mean[ch]!) * inv * g + sh;
      }
    }
  }
  return y;
};

/**
 * The statistics the running-state update reads (ops/bn/op.ts): the batch
 * mean and the UNBIASED batch variance per channel, the biased one times
 * m/(m − 1); with a single value per channel (m = 1) there is no unbiased
 * estimate and the biased one (0) is kept.
 */
export function runningStats(x: Tensor, precision: Precision): RunningStats {
  const s = bnBatchStats(x);
  const c = s.mean.length;
  const mean = zeros([c], precision);
  const variance = zeros([c], precision);
  const correction = s.count > 1 ? s.count / (s.count - 1) : 1;
  for (let ch = 0; ch < c; ch++) {
    mean.data[ch] = s.mean[ch]!;
    variance.data[ch] = s.variance[ch]! * correction;
  }
  return { mean, var: variance };
}
