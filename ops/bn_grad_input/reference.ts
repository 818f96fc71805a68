// bn_grad_input: the input gradient of batch norm over channel axis 0.
// training: x̂ from the batch statistics (biased variance over the batch and
// the spatial axes, per channel), dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂));
// eval: dx = dy·γ/√(running_var + eps). Without affine, γ = 1.

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros, type Tensor } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const eps = numAttr(attrs, "eps");
  const training = attrs.training === true;
  const gamma: Tensor | undefined = params.weight;
  const n = x.shape[0]!;
  const c = x.shape[1]!;
  const inner = elementCount(x.shape.slice(2));
  const count = n * inner;
  const dx = zeros(x.shape, ctx.precision);
  const at = (b: number, ch: number, i: number) => (b * c + ch) * inner + i;
  for (let ch = 0; ch < c; ch++) {
    const g = gamma === undefined ? 1 : gamma.data[ch]!;
    if (!training) {
      const rv: Tensor | undefined = params.running_var;
      if (rv === undefined) throw new Error("internal: bn_grad_input in eval mode needs running_var");
      const k = g / Math.sqrt(rv.data[ch]! + eps);
      for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) dx.data[at(b, ch, i)] = dy.data[at(b, ch, i)]! * k;
      continue;
    }
    let mean = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) mean += x.data[at(b, ch, i)]!;
    mean /= count;
    let variance = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) variance += (x.data[at(b, ch, i)]! - mean) ** 2;
    variance /= count;
    const sigma = Math.sqrt(variance + eps);
    let meanDy = 0;
    let meanDyXhat = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < inner; i++) {
        const xhat = (x.data[at(b, ch, i)]! - mean) / sigma;
        meanDy += dy.data[at(b, ch, i)]!;
        meanDyXhat += dy.data[at(b, ch, i)]! * xhat;
      }
    }
    meanDy /= count;
    meanDyXhat /= count;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < inner; i++) {
        const xhat = (x.data[at(b, ch, i)]! - mean) / sigma;
        dx.data[at(b, ch, i)] = (g / sigma) * (dy.data[at(b, ch, i)]! - meanDy - xhat * meanDyXhat);
      }
    }
  }
  return dx;
};
