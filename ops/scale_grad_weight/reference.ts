// scale_grad_weight: Σ dy·x over the batch and the spatial axes, per channel
// (per-sample axis 0). Unbatched, [C].

import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const c = x.shape[1]!;
  const inner = elementCount(x.shape.slice(2));
  const gw = zeros([c], ctx.precision);
  for (let i = 0; i < x.data.length; i++) gw.data[Math.floor(i / inner) % c] += dy.data[i]! * x.data[i]!;
  return gw;
};
