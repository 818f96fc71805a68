// mean over per-sample axis `axis` (negative counts from the last; tensor
// axis axis + 1, after the batch): y[o, q] = (1/len)·Σ_k x[o, k, q], the
// axis dropped (or kept as 1 under keepdim, the same data).

import { boolAttr, intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const rank = x.shape.length - 1;
  const given = intAttr(attrs, "axis");
  const axis = (given < 0 ? given + rank : given) + 1;
  if (axis < 1 || axis > rank) throw new Error(`internal: mean axis ${given} out of range for rank ${rank}`);
  const len = x.shape[axis]!;
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const shape = boolAttr(attrs, "keepdim") ? x.shape.map((d, a) => (a === axis ? 1 : d)) : x.shape.filter((_, a) => a !== axis);
  const y = zeros(shape, ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      let sum = 0;
      for (let k = 0; k < len; k++) sum += x.data[(o * len + k) * inner + q]!;
      y.data[o * inner + q] = sum / len;
    }
  }
  return y;
};
