// reshape: [N, …] → [N, …attrs.shape], row-major (torch.reshape); one entry
// of the target may be −1, standing for the element count over the rest.

import { elementCount } from "../../core/ir/graph.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const n = x.shape[0]!;
  const want = attrs.shape as readonly number[];
  const perSample = n === 0 ? 0 : x.data.length / n;
  const known = elementCount(want.filter((d) => d !== -1));
  const shape = want.map((d) => (d === -1 ? perSample / known : d));
  const y = zeros([n, ...shape], ctx.precision);
  if (y.data.length !== x.data.length) {
    throw new Error(`internal: reshape of [${x.shape.join(", ")}] to [${n}, ${shape.join(", ")}] changes the element count`);
  }
  for (let i = 0; i < x.data.length; i++) y.data[i] = x.data[i]!;
  return y;
};
