// smooth_l1_grad: weight·(|d| < β ? d/β : sign d)/(N·E), d = x − t.

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const t = inputs[1]!;
  const beta = numAttr(attrs, "beta");
  const scale = numAttr(attrs, "weight") / x.data.length;
  const dx = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const d = x.data[i]! - t.data[i]!;
    dx.data[i] = scale * (Math.abs(d) < beta ? d / beta : Math.sign(d));
  }
  return dx;
};
