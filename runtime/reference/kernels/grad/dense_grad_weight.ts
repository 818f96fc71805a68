// dense_grad_weight: Σ over the batch and the leading axes of dy[…, o]·x[…, i].
// Unbatched, [out, in].

import type { Kernel } from "../../kernel.js";
import { sizeOf, zeros } from "../../tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const inner = x.shape[x.shape.length - 1]!;
  const out = dy.shape[dy.shape.length - 1]!;
  const rows = sizeOf(x.shape) / inner;
  const gw = zeros([out, inner], ctx.precision);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < out; o++) {
      const g = dy.data[r * out + o]!;
      for (let i = 0; i < inner; i++) gw.data[o * inner + i] += g * x.data[r * inner + i]!;
    }
  }
  return gw;
};
