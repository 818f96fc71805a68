// dense: fully connected layer on the last axis (nn.Linear), weight [O, I]:
//   y[…, o] = b[o] + Σ_i x[…, i] · W[o, i]
// Every leading axis (the batch included) is a batch axis.

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const w = params.weight!;
  const b = params.bias;
  const out = intAttr(attrs, "out");
  const inner = x.shape[x.shape.length - 1]!;
  const rows = x.data.length / inner;
  const y = zeros([...x.shape.slice(0, -1), out], ctx.precision);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < out; o++) {
      let acc = b ? b.data[o]! : 0;
      for (let i = 0; i < inner; i++) acc += x.data[r * inner + i]! * w.data[o * inner + i]!;
      y.data[r * out + o] = acc;
    }
  }
  return y;
};
