// shuffle: channel shuffle (ShuffleNet; torch's channel_shuffle) of channel
// axis 1 of [N, C, …]: view the channels as [g, C/g], transpose to [C/g, g],
// flatten. Output channel o = j·g + i takes input channel i·(C/g) + j, that is
//   y[n, o, …] = x[n, (o mod g)·(C/g) + ⌊o/g⌋, …].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const g = intAttr(attrs, "groups");
  const n = x.shape[0]!;
  const c = x.shape[1]!;
  const inner = x.data.length / (n * c);
  const per = c / g;
  const y = zeros(x.shape, ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < c; o++) {
      const src = (o % g) * per + Math.floor(o / g);
      for (let q = 0; q < inner; q++) y.data[(b * c + o) * inner + q] = x.data[(b * c + src) * inner + q]!;
    }
  }
  return y;
};
