// concat: joins tensors along per-sample axis `axis` (tensor axis axis + 1):
// y[…, k, …] = x_t[…, k − (sizes of x₁ … x_{t−1} on the axis), …] for the
// operand t whose range holds k. Every other axis matches.

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const axis = intAttr(attrs, "axis") + 1;
  const first = inputs[0]!;
  let outer = 1;
  for (let a = 0; a < axis; a++) outer *= first.shape[a]!;
  let inner = 1;
  for (let a = axis + 1; a < first.shape.length; a++) inner *= first.shape[a]!;
  const total = inputs.reduce((s, t) => s + t.shape[axis]!, 0);
  const y = zeros(first.shape.map((d, a) => (a === axis ? total : d)), ctx.precision);
  let offset = 0;
  for (const t of inputs) {
    const len = t.shape[axis]!;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < len; k++) {
        for (let q = 0; q < inner; q++) {
          y.data[(o * total + offset + k) * inner + q] = t.data[(o * len + k) * inner + q]!;
        }
      }
    }
    offset += len;
  }
  return y;
};
