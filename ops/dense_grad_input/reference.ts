// dense_grad_input: dx[…, i] = Σ_o dy[…, o]·W[o, i], W [out, in].

import { elementCount } from "../../core/ir/graph.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const [out, inner] = w.shape as [number, number];
  const shape = [dy.shape[0]!, ...inShape(attrs)];
  const rows = elementCount(shape) / inner;
  const dx = zeros(shape, ctx.precision);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let o = 0; o < out; o++) acc += dy.data[r * out + o]! * w.data[o * inner + i]!;
      dx.data[r * inner + i] = acc;
    }
  }
  return dx;
};
