// mean_grad: dy / len at every position along the averaged axis (per
// sample; negative counts from the last) of a tensor of the forward input's
// shape.

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const shape = [dy.shape[0]!, ...inShape(attrs)];
  const rank = shape.length - 1;
  const given = intAttr(attrs, "axis");
  const axis = (given < 0 ? given + rank : given) + 1;
  const len = shape[axis]!;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const dx = zeros(shape, ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < len; k++) {
      for (let q = 0; q < inner; q++) dx.data[(o * len + k) * inner + q] = dy.data[o * inner + q]! / len;
    }
  }
  return dx;
};
