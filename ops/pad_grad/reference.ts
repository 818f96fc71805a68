// pad_grad, written as the scatter the definition implies: every dy[c, oh, ow]
// is added to the x pixel that output pixel read (ops/shared/pad.ts
// padSource); border pixels of zeros padding read nothing.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { padMode, padSource, padsOf } from "../shared/pad.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const [n, c, oh, ow] = dy.shape as [number, number, number, number];
  const [, h, w] = inShape(attrs) as [number, number, number];
  const [t, , l] = padsOf(attrs);
  const mode = padMode(attrs);
  const dx = zeros([n, c, h, w], ctx.precision);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      const si = padSource(mode, i, h, t);
      for (let j = 0; j < ow; j++) {
        const sj = padSource(mode, j, w, l);
        if (si !== undefined && sj !== undefined) dx.data[(p * h + si) * w + sj]! += dy.data[(p * oh + i) * ow + j]!;
      }
    }
  }
  return dx;
};
