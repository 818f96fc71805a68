// adaptive_avgpool_grad: the adjoint of adaptive_avgpool. Window i along an
// axis of size H pooled to oh is [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) (PyTorch); each dy
// element is spread evenly over its window.

import { pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const [c, h, w] = inShape(attrs) as [number, number, number];
  const [oh, ow] = pairAttr(attrs, "size");
  const n = dy.shape[0]!;
  const dx = zeros([n, c, h, w], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let oy = 0; oy < oh; oy++) {
        const y0 = Math.floor((oy * h) / oh);
        const y1 = Math.ceil(((oy + 1) * h) / oh);
        for (let ox = 0; ox < ow; ox++) {
          const x0 = Math.floor((ox * w) / ow);
          const x1 = Math.ceil(((ox + 1) * w) / ow);
          const g = dy.data[((b * c + ch) * oh + oy) * ow + ox]! / ((y1 - y0) * (x1 - x0));
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) dx.data[((b * c + ch) * h + iy) * w + ix] += g;
          }
        }
      }
    }
  }
  return dx;
};
