// permute: [N, …] → [N, …] with output axis 1 + j being input axis 1 + dims[j]
// (torch.permute with the batch axis kept first). Naively: walk every input
// element, find its coordinates and store it at the permuted ones.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const perm = [0, ...(attrs.dims as readonly number[]).map((d) => d + 1)];
  const outShape = perm.map((d) => x.shape[d]!);
  const y = zeros(outShape, ctx.precision);
  const coord = new Array<number>(x.shape.length).fill(0);
  for (let i = 0; i < x.data.length; i++) {
    let r = i;
    for (let a = x.shape.length - 1; a >= 0; a--) {
      coord[a] = r % x.shape[a]!;
      r = Math.floor(r / x.shape[a]!);
    }
    let o = 0;
    for (let j = 0; j < perm.length; j++) o = o * outShape[j]! + coord[perm[j]!]!;
    y.data[o] = x.data[i]!;
  }
  return y;
};
