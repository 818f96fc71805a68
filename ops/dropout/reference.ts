// dropout in eval mode: the identity, y = x. (The training graph never holds
// a training-mode dropout: it becomes dropout_mask and mul.)

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) y.data[i] = x.data[i]!;
  return y;
};
