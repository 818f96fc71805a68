// reduce_axis: sums dy over the batch and every axis but `axis` (a per-sample
// axis; negative counts from the end). Unbatched, [dy.shape[axis]]: the bias
// gradients (axis 0 for conv, bn and scale; the last axis for dense).

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { strides, zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const rank = dy.shape.length - 1;
  let axis = intAttr(attrs, "axis");
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) throw new Error(`internal: reduce_axis axis ${intAttr(attrs, "axis")} out of range for rank ${rank}`);
  const size = dy.shape[axis + 1]!;
  const stride = strides(dy.shape)[axis + 1]!;
  const out = zeros([size], ctx.precision);
  for (let i = 0; i < dy.data.length; i++) {
    out.data[Math.floor(i / stride) % size] += dy.data[i]!;
  }
  return out;
};
