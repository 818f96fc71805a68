// maxpool_grad: each dy element goes to the first maximum of its window
// (scan order: rows, then columns); the -infinity padding never wins.

import { pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = attrs.stride === null || attrs.stride === undefined ? [kh, kw] : pairAttr(attrs, "stride");
  const [ph, pw] = pairAttr(attrs, "padding");
  const [dh, dw] = attrs.dilation === undefined ? [1, 1] : pairAttr(attrs, "dilation");
  const dx = zeros(x.shape, ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * h * w;
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let best = -Infinity;
          let arg = -1;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh - ph + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw - pw + kx * dw;
              if (ix < 0 || ix >= w) continue;
              const v = x.data[base + iy * w + ix]!;
              if (arg < 0 || v > best) {
                best = v;
                arg = base + iy * w + ix;
              }
            }
          }
          if (arg >= 0) dx.data[arg] += dy.data[((b * c + ch) * oh + oy) * ow + ox]!;
        }
      }
    }
  }
  return dx;
};
