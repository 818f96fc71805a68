// pad: y[c, oh, ow] = x[c, src(oh), src(ow)] with src from the definition
// (ops/shared/pad.ts padSource), 0 where zeros padding reads outside.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { padMode, padSource, padsOf } from "../shared/pad.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [t, b, l, r] = padsOf(attrs);
  const mode = padMode(attrs);
  const [oh, ow] = [h + t + b, w + l + r];
  const y = zeros([n, c, oh, ow], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      const si = padSource(mode, i, h, t);
      for (let j = 0; j < ow; j++) {
        const sj = padSource(mode, j, w, l);
        if (si !== undefined && sj !== undefined) y.data[(p * oh + i) * ow + j] = x.data[(p * h + si) * w + sj]!;
      }
    }
  }
  return y;
};
