// select: y[o, q] = x[o, index, q] along per-sample axis `axis` (tensor axis
// axis + 1, after the batch), the axis dropped; negative axis and index
// count from the end.

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const rank = x.shape.length - 1;
  const givenAxis = intAttr(attrs, "axis");
  const axis = (givenAxis < 0 ? givenAxis + rank : givenAxis) + 1;
  const len = x.shape[axis]!;
  const givenIndex = intAttr(attrs, "index");
  const index = givenIndex < 0 ? givenIndex + len : givenIndex;
  if (axis < 1 || axis > rank || index < 0 || index >= len) throw new Error(`internal: select axis ${givenAxis}, index ${givenIndex} out of range for shape [${x.shape.join(", ")}]`);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const y = zeros(x.shape.filter((_, a) => a !== axis), ctx.precision);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) y.data[o * inner + q] = x.data[(o * len + index) * inner + q]!;
  }
  return y;
};
