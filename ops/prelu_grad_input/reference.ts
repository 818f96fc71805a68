// prelu_grad_input: dy·(x > 0 ? 1 : a_c), one slope shared or one per
// channel (per-sample axis 0).

import { boolAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const a = params.weight!;
  const perChannel = boolAttr(attrs, "per_channel");
  const c = perChannel ? x.shape[1]! : 1;
  const inner = perChannel ? elementCount(x.shape.slice(2)) : 1;
  const dx = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const slope = a.data[perChannel ? Math.floor(i / inner) % c : 0]!;
    dx.data[i] = x.data[i]! > 0 ? dy.data[i]! : dy.data[i]! * slope;
  }
  return dx;
};
