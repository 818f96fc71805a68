// embedding: y[n, p, :] = weight[ids[n, p], :] for every sample n and
// position p of the ids. An id that is not a whole number in 0..num − 1 is
// an error, as in PyTorch (nn.Embedding raises on it).

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const ids = inputs[0]!;
  const num = intAttr(attrs, "num");
  const dim = intAttr(attrs, "dim");
  const weight = params.weight!;
  const y = zeros([...ids.shape, dim], ctx.precision);
  for (let p = 0; p < ids.data.length; p++) {
    const v = ids.data[p]!;
    if (!Number.isInteger(v) || v < 0 || v >= num) {
      throw new Error(`embedding: id ${v} at position ${p} of the ids [${ids.shape.join(", ")}] is not a row of the table (expected a whole number in 0..${num - 1})`);
    }
    for (let d = 0; d < dim; d++) y.data[p * dim + d] = weight.data[v * dim + d]!;
  }
  return y;
};
