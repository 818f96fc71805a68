// weighted_sum: Σ w_i·l_i over unbatched scalar inputs (the total loss).
// Unbatched scalar [].

import type { AttrValue } from "../../core/ir/graph.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const v = attrs.weights;
  if (!Array.isArray(v)) throw new Error("internal: attribute 'weights' is not a list of numbers");
  const weights = (v as readonly AttrValue[]).map(Number);
  if (weights.length !== inputs.length) throw new Error(`internal: weighted_sum has ${inputs.length} inputs but ${weights.length} weights`);
  let total = 0;
  for (let i = 0; i < inputs.length; i++) {
    const l = inputs[i]!;
    if (l.data.length !== 1) throw new Error(`internal: weighted_sum input ${i} is not a scalar`);
    total += weights[i]! * l.data[0]!;
  }
  const out = zeros([], ctx.precision);
  out.data[0] = total;
  return out;
};
