// softmax along per-sample axis `axis` (tensor axis axis + 1, after the batch):
//   y = exp(x − m) / Σ_axis exp(x − m),  m = max over the axis (for stability).

import { softmaxAxis } from "../shared/softmax.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const axis = softmaxAxis(attrs, x.shape.slice(1)) + 1;
  const len = x.shape[axis]!;
  let outer = 1;
  for (let a = 0; a < axis; a++) outer *= x.shape[a]!;
  let inner = 1;
  for (let a = axis + 1; a < x.shape.length; a++) inner *= x.shape[a]!;
  const y = zeros(x.shape, ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const at = (k: number) => (o * len + k) * inner + q;
      let m = -Infinity;
      for (let k = 0; k < len; k++) m = Math.max(m, x.data[at(k)]!);
      let sum = 0;
      for (let k = 0; k < len; k++) sum += Math.exp(x.data[at(k)]! - m);
      for (let k = 0; k < len; k++) y.data[at(k)] = Math.exp(x.data[at(k)]! - m) / sum;
    }
  }
  return y;
};
