// conv_transpose_grad_input: the adjoint of conv_transpose with respect to
// its input, a convolution of dy: each input pixel gathers dy at every output
// pixel it scattered into, times the same weight [in, out/groups, kh, kw].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { convTransposeWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const [c, h, wd] = inShape(attrs) as [number, number, number];
  const [n, out, oh, ow] = dy.shape as [number, number, number, number];
  const { kh, kw, sh, sw, ph, pw, dh, dw } = convTransposeWindow(attrs);
  const groups = intAttr(attrs, "groups");
  const cpg = c / groups;
  const opg = out / groups;
  const dx = zeros([n, c, h, wd], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const g = Math.floor(ci / cpg);
      for (let iy = 0; iy < h; iy++) {
        for (let ix = 0; ix < wd; ix++) {
          let acc = 0;
          for (let og = 0; og < opg; og++) {
            const o = g * opg + og;
            for (let ky = 0; ky < kh; ky++) {
              const oy = iy * sh - ph + ky * dh;
              if (oy < 0 || oy >= oh) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ox = ix * sw - pw + kx * dw;
                if (ox < 0 || ox >= ow) continue;
                acc += dy.data[((b * out + o) * oh + oy) * ow + ox]! * w.data[((ci * opg + og) * kh + ky) * kw + kx]!;
              }
            }
          }
          dx.data[((b * c + ci) * h + iy) * wd + ix] = acc;
        }
      }
    }
  }
  return dx;
};
