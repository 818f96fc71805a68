// bn_grad_weight: Σ dy·x̂ over the batch and the spatial axes, per channel
// (the gradient of γ). x̂ uses the batch statistics (biased variance) in
// training, the running statistics in eval. Unbatched, [C].

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros, type Tensor } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const eps = numAttr(attrs, "eps");
  const training = attrs.training === true;
  const n = x.shape[0]!;
  const c = x.shape[1]!;
  const inner = elementCount(x.shape.slice(2));
  const count = n * inner;
  const gw = zeros([c], ctx.precision);
  const at = (b: number, ch: number, i: number) => (b * c + ch) * inner + i;
  for (let ch = 0; ch < c; ch++) {
    let mean: number;
    let variance: number;
    if (training) {
      mean = 0;
      for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) mean += x.data[at(b, ch, i)]!;
      mean /= count;
      variance = 0;
      for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) variance += (x.data[at(b, ch, i)]! - mean) ** 2;
      variance /= count;
    } else {
      const rm: Tensor | undefined = params.running_mean;
      const rv: Tensor | undefined = params.running_var;
      if (rm === undefined || rv === undefined) throw new Error("internal: bn_grad_weight in eval mode needs running_mean and running_var");
      mean = rm.data[ch]!;
      variance = rv.data[ch]!;
    }
    const sigma = Math.sqrt(variance + eps);
    let acc = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < inner; i++) acc += dy.data[at(b, ch, i)]! * ((x.data[at(b, ch, i)]! - mean) / sigma);
    }
    gw.data[ch] = acc;
  }
  return gw;
};
