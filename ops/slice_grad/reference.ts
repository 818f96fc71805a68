// slice_grad: dy placed at [start, end) along `axis` (per sample) of a zero
// tensor of the forward input's shape.

import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const start = intAttr(attrs, "start");
  const end = intAttr(attrs, "end");
  const axis = intAttr(attrs, "axis") + 1;
  const shape = [dy.shape[0]!, ...inShape(attrs)];
  const size = shape[axis]!;
  const len = end - start;
  const outer = elementCount(shape.slice(0, axis));
  const inner = elementCount(shape.slice(axis + 1));
  const dx = zeros(shape, ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < len; k++) {
      for (let i = 0; i < inner; i++) dx.data[(o * size + start + k) * inner + i] = dy.data[(o * len + k) * inner + i]!;
    }
  }
  return dx;
};
