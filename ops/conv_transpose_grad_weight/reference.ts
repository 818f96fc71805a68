// conv_transpose_grad_weight: Σ over the batch and the input pixels of x
// times dy at the output pixel each tap scattered into. Unbatched,
// [in, out/groups, kh, kw].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { convTransposeWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [, out, oh, ow] = dy.shape as [number, number, number, number];
  const { kh, kw, sh, sw, ph, pw, dh, dw } = convTransposeWindow(attrs);
  const groups = intAttr(attrs, "groups");
  const cpg = c / groups;
  const opg = out / groups;
  const gw = zeros([c, opg, kh, kw], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const g = Math.floor(ci / cpg);
      for (let iy = 0; iy < h; iy++) {
        for (let ix = 0; ix < wd; ix++) {
          const v = x.data[((b * c + ci) * h + iy) * wd + ix]!;
          for (let og = 0; og < opg; og++) {
            const o = g * opg + og;
            for (let ky = 0; ky < kh; ky++) {
              const oy = iy * sh - ph + ky * dh;
              if (oy < 0 || oy >= oh) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ox = ix * sw - pw + kx * dw;
                if (ox < 0 || ox >= ow) continue;
                gw.data[((ci * opg + og) * kh + ky) * kw + kx] += v * dy.data[((b * out + o) * oh + oy) * ow + ox]!;
              }
            }
          }
        }
      }
    }
  }
  return gw;
};
