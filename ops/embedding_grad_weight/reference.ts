// embedding_grad_weight: dW[v, d] = Σ dy[p, d] over every position p of the
// batch whose id is v (ids are taken in storage order). Ids outside
// 0..num − 1 add to no row. Unbatched, [num, dim].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const ids = inputs[0]!;
  const dy = inputs[1]!;
  const num = intAttr(attrs, "num");
  const dim = intAttr(attrs, "dim");
  const dw = zeros([num, dim], ctx.precision);
  for (let p = 0; p < ids.data.length; p++) {
    const v = ids.data[p]!;
    if (!Number.isInteger(v) || v < 0 || v >= num) continue;
    for (let d = 0; d < dim; d++) dw.data[v * dim + d] = dw.data[v * dim + d]! + dy.data[p * dim + d]!;
  }
  return dw;
};
