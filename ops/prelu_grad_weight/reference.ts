// prelu_grad_weight: Σ dy·x·[x ≤ 0] over the batch and every element (one
// shared slope, [1]) or per channel ([C]). Unbatched.

import { boolAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const perChannel = boolAttr(attrs, "per_channel");
  const c = perChannel ? x.shape[1]! : 1;
  const inner = perChannel ? elementCount(x.shape.slice(2)) : 1;
  const ga = zeros([c], ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    if (v <= 0) ga.data[perChannel ? Math.floor(i / inner) % c : 0] += dy.data[i]! * v;
  }
  return ga;
};
