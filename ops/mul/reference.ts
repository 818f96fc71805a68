// mul: elementwise product with channel-first broadcasting. Shapes align from
// the leading axis (the batch, then the channel); the lower-rank operand is
// padded with TRAILING 1s, and on each axis the sizes are equal or one is 1:
//   y[i₀, i₁, …] = a[i₀ or 0, i₁ or 0, …] · b[i₀ or 0, i₁ or 0, …]
// ("or 0" where that operand's size on the axis is 1). So a [C] vector
// (batched [N, C]) scales every pixel of channel c of a [C, H, W] map.

import type { Kernel } from "../reference_kernel.js";
import { strides, zeros, type Tensor } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => {
  const a = inputs[0]!;
  const b = inputs[1]!;
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (t: Tensor) => [...t.shape, ...new Array<number>(rank - t.shape.length).fill(1)];
  const as = pad(a);
  const bs = pad(b);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    if (as[i] !== bs[i] && as[i] !== 1 && bs[i] !== 1) {
      throw new Error(`internal: mul of shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}] conflicts on axis ${i}`);
    }
    shape.push(Math.max(as[i]!, bs[i]!));
  }
  const sa = strides(as);
  const sb = strides(bs);
  const y = zeros(shape, ctx.precision);
  const idx = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < y.data.length; flat++) {
    // Decompose the flat output index into a multi-index.
    let rem = flat;
    for (let i = rank - 1; i >= 0; i--) {
      idx[i] = rem % shape[i]!;
      rem = Math.floor(rem / shape[i]!);
    }
    let ia = 0;
    let ib = 0;
    for (let i = 0; i < rank; i++) {
      if (as[i] !== 1) ia += idx[i]! * sa[i]!;
      if (bs[i] !== 1) ib += idx[i]! * sb[i]!;
    }
    y.data[flat] = a.data[ia]! * b.data[ib]!;
  }
  return y;
};
