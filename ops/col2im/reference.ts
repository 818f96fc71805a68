// col2im: the input gradient of conv from its column gradient. Each
// cols[b, c, ky·kw + kx, oy, ox] is added into dx[b, c, iy, ix] with
// iy = oy·sh − ph + ky·dh, ix = ox·sw − pw + kx·dw, unless that is padding.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { convWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const cols = inputs[0]!;
  const [c, h, wd] = inShape(attrs) as [number, number, number];
  const [n, , , oh, ow] = cols.shape as [number, number, number, number, number];
  const { kh, kw, sh, sw, dh, dw, ph, pw } = convWindow(attrs, h, wd);
  const dx = zeros([n, c, h, wd], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (let ox = 0; ox < ow; ox++) {
              const ix = ox * sw - pw + kx * dw;
              if (ix < 0 || ix >= wd) continue;
              dx.data[((b * c + ci) * h + iy) * wd + ix] += cols.data[(((b * c + ci) * kh + ky) * kw + kx) * oh * ow + oy * ow + ox]!;
            }
          }
        }
      }
    }
  }
  return dx;
};
