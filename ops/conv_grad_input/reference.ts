// conv_grad_input: the adjoint of conv with respect to its input. Every dy
// element is scattered back through the taps that produced it, with the same
// weight, groups or connection table as the forward conv.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { connections, convWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const [c, h, wd] = inShape(attrs) as [number, number, number];
  const [n, out, oh, ow] = dy.shape as [number, number, number, number];
  const { kh, kw, sh, sw, dh, dw, ph, pw } = convWindow(attrs, h, wd);
  const rows = connections(attrs, c, out);
  const dx = zeros([n, c, h, wd], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < out; o++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const g = dy.data[((b * out + o) * oh + oy) * ow + ox]!;
          for (const [ci, row] of rows[o]!) {
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * sh - ph + ky * dh;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * sw - pw + kx * dw;
                if (ix < 0 || ix >= wd) continue;
                dx.data[((b * c + ci) * h + iy) * wd + ix] += g * w.data[(row * kh + ky) * kw + kx]!;
              }
            }
          }
        }
      }
    }
  }
  return dx;
};
