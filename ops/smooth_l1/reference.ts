// smooth_l1: |d| < β ? 0.5·d²/β : |d| − 0.5·β, d = x − t, the mean over the
// batch and the elements. Unbatched scalar [].

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const t = inputs[1]!;
  const beta = numAttr(attrs, "beta");
  let total = 0;
  for (let i = 0; i < x.data.length; i++) {
    const d = x.data[i]! - t.data[i]!;
    const a = Math.abs(d);
    total += a < beta ? (0.5 * d * d) / beta : a - 0.5 * beta;
  }
  const out = zeros([], ctx.precision);
  out.data[0] = total / x.data.length;
  return out;
};
