// channel_scale: dy·w[c], c the per-sample axis 0 (the input gradient of scale).

import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const c = dy.shape[1]!;
  const inner = elementCount(dy.shape.slice(2));
  const dx = zeros(dy.shape, ctx.precision);
  for (let i = 0; i < dy.data.length; i++) dx.data[i] = dy.data[i]! * w.data[Math.floor(i / inner) % c]!;
  return dx;
};
