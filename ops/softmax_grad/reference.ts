// softmax_grad: dx = y·(dy − Σ_axis dy·y), axis a per-sample axis.

import { softmaxAxis } from "../shared/softmax.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const y = inputs[0]!;
  const dy = inputs[1]!;
  const axis = softmaxAxis(attrs, y.shape.slice(1)) + 1;
  const size = y.shape[axis]!;
  const outer = elementCount(y.shape.slice(0, axis));
  const inner = elementCount(y.shape.slice(axis + 1));
  const dx = zeros(y.shape, ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * size + k) * inner + i;
      let dot = 0;
      for (let k = 0; k < size; k++) dot += dy.data[at(k)]! * y.data[at(k)]!;
      for (let k = 0; k < size; k++) dx.data[at(k)] = y.data[at(k)]! * (dy.data[at(k)]! - dot);
    }
  }
  return dx;
};
