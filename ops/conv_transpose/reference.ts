// conv_transpose: transposed 2-D convolution, PyTorch semantics
// (nn.ConvTranspose2d), weight [C, O/groups, kh, kw]. Each input pixel
// scatters its kernel into the output:
//
//   y[n, o, iy·sh − ph + ki·dh, ix·sw − pw + kj·dw] += x[n, c, iy, ix] · w[c, o', ki, kj]
//
// for c in group g = ⌊c / (C/groups)⌋, o = g·(O/groups) + o'; positions that
// fall outside the output (cropped by padding) are dropped; then y += b[o].
// Output size: (H − 1)·sh − 2·ph + dh·(kh − 1) + output_padding_h + 1.

import { intAttr, pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { convTransposeWindow } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const w = params.weight!;
  const b = params.bias;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const out = intAttr(attrs, "out");
  const groups = intAttr(attrs, "groups");
  const { kh, kw, sh, sw, ph, pw, dh, dw } = convTransposeWindow(attrs);
  const [oph, opw] = pairAttr(attrs, "output_padding");
  const oh = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const ow = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  const cg = c / groups;
  const og = out / groups;

  const y = zeros([n, out, oh, ow], ctx.precision);
  // Accumulate in float64, store once (so f32 mode rounds each output once).
  const acc = new Float64Array(n * out * oh * ow);
  for (let bi = 0; bi < n; bi++) {
    for (let ci = 0; ci < c; ci++) {
      const g = Math.floor(ci / cg);
      for (let iy = 0; iy < h; iy++) {
        for (let ix = 0; ix < wd; ix++) {
          const xv = x.data[((bi * c + ci) * h + iy) * wd + ix]!;
          for (let oc = 0; oc < og; oc++) {
            const o = g * og + oc;
            for (let ki = 0; ki < kh; ki++) {
              const yy = iy * sh - ph + ki * dh;
              if (yy < 0 || yy >= oh) continue;
              for (let kj = 0; kj < kw; kj++) {
                const xx = ix * sw - pw + kj * dw;
                if (xx < 0 || xx >= ow) continue;
                acc[((bi * out + o) * oh + yy) * ow + xx]! += xv * w.data[((ci * og + oc) * kh + ki) * kw + kj]!;
              }
            }
          }
        }
      }
    }
  }
  for (let bi = 0; bi < n; bi++) {
    for (let o = 0; o < out; o++) {
      const bias = b ? b.data[o]! : 0;
      for (let p = 0; p < oh * ow; p++) {
        const idx = (bi * out + o) * oh * ow + p;
        y.data[idx] = acc[idx]! + bias;
      }
    }
  }
  return y;
};
