// prelu: y = x > 0 ? x : a·x (nn.PReLU), with one learned slope a = w[0], or
// with per_channel one per channel, a = w[c] for channel axis 1 of [N, C, …].

import { boolAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const w = params.weight!;
  const perChannel = boolAttr(attrs, "per_channel");
  const n = x.shape[0]!;
  const c = x.shape.length > 1 ? x.shape[1]! : 1;
  const inner = x.data.length / (n * c);
  const y = zeros(x.shape, ctx.precision);
  for (let i = 0; i < x.data.length; i++) {
    const ch = Math.floor(i / inner) % c;
    const a = perChannel ? w.data[ch]! : w.data[0]!;
    const v = x.data[i]!;
    y.data[i] = v > 0 ? v : a * v;
  }
  return y;
};
