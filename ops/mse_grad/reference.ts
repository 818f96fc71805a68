// mse_grad: weight·2(x − t)/(N·E).

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const t = inputs[1]!;
  const scale = numAttr(attrs, "weight") / x.data.length;
  const dx = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) dx.data[i] = scale * 2 * (x.data[i]! - t.data[i]!);
  return dx;
};
