// slice: keeps indices start … end−1 of per-sample axis `axis` (tensor axis
// axis + 1): y[…, k, …] = x[…, start + k, …].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const axis = intAttr(attrs, "axis") + 1;
  const start = intAttr(attrs, "start");
  const end = intAttr(attrs, "end");
  const len = x.shape[axis]!;
  let outer = 1;
  for (let a = 0; a < axis; a++) outer *= x.shape[a]!;
  let inner = 1;
  for (let a = axis + 1; a < x.shape.length; a++) inner *= x.shape[a]!;
  const keep = end - start;
  const y = zeros(x.shape.map((d, a) => (a === axis ? keep : d)), ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < keep; k++) {
      for (let q = 0; q < inner; q++) {
        y.data[(o * keep + k) * inner + q] = x.data[(o * len + start + k) * inner + q]!;
      }
    }
  }
  return y;
};
