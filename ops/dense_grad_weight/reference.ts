// dense_grad_weight: Σ over the batch and the leading axes of dy[…, o]·x[…, i].
// Unbatched, [out, in]; with `splits` S > 1, [S, out, in]: partial s sums
// the rows r with ⌊r / ⌈rows/S⌉⌋ = s.

import { splitsOf } from "../grad_shared.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const inner = x.shape[x.shape.length - 1]!;
  const out = dy.shape[dy.shape.length - 1]!;
  const rows = elementCount(x.shape) / inner;
  const splits = splitsOf(attrs);
  const chunk = Math.ceil(rows / splits);
  const gw = zeros(splits > 1 ? [splits, out, inner] : [out, inner], ctx.precision);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / chunk) * out * inner;
    for (let o = 0; o < out; o++) {
      const g = dy.data[r * out + o]!;
      for (let i = 0; i < inner; i++) gw.data[base + o * inner + i] += g * x.data[r * inner + i]!;
    }
  }
  return gw;
};
