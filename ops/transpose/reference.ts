// transpose: [N, …] → [N, …] with per-sample axes a and b swapped
// (torch.transpose(x, 1 + a, 1 + b)). Naively: for every output element,
// read the input at the same coordinates with the two swapped.

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [a, b] = [intAttr(attrs, "a") + 1, intAttr(attrs, "b") + 1];
  const outShape = [...x.shape];
  [outShape[a], outShape[b]] = [x.shape[b]!, x.shape[a]!];
  const y = zeros(outShape, ctx.precision);
  const c = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < y.data.length; o++) {
    let r = o;
    for (let j = outShape.length - 1; j >= 0; j--) {
      c[j] = r % outShape[j]!;
      r = Math.floor(r / outShape[j]!);
    }
    [c[a], c[b]] = [c[b]!, c[a]!];
    let i = 0;
    for (let j = 0; j < x.shape.length; j++) i = i * x.shape[j]! + c[j]!;
    y.data[o] = x.data[i]!;
  }
  return y;
};
