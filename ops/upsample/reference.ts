// upsample: integer-factor upsampling of [N, C, H, W] (nn.Upsample with
// scale_factor). nearest: y[i, j] = x[⌊i/sh⌋, ⌊j/sw⌋]. bilinear,
// align_corners = false: the source row of output row i is
// src = max((i + 0.5)/sh − 0.5, 0), i0 = ⌊src⌋, i1 = min(i0 + 1, H − 1),
// λ = src − i0, and likewise for columns; y blends the four neighbours
// (1−λh)(1−λw)·x[i0,j0] + (1−λh)λw·x[i0,j1] + λh(1−λw)·x[i1,j0] + λhλw·x[i1,j1].

import { pairAttr, stringAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [sh, sw] = pairAttr(attrs, "scale");
  const bilinear = stringAttr(attrs, "mode") === "bilinear";
  const oh = h * sh;
  const ow = w * sw;
  const y = zeros([n, c, oh, ow], ctx.precision);
  const source = (dst: number, scale: number, size: number): [number, number, number] => {
    const src = Math.max((dst + 0.5) / scale - 0.5, 0);
    const i0 = Math.floor(src);
    const i1 = Math.min(i0 + 1, size - 1);
    return [i0, i1, src - i0];
  };
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let v: number;
        if (!bilinear) {
          v = x.data[base + Math.floor(i / sh) * w + Math.floor(j / sw)]!;
        } else {
          const [i0, i1, lh] = source(i, sh, h);
          const [j0, j1, lw] = source(j, sw, w);
          v =
            (1 - lh) * (1 - lw) * x.data[base + i0 * w + j0]! +
            (1 - lh) * lw * x.data[base + i0 * w + j1]! +
            lh * (1 - lw) * x.data[base + i1 * w + j0]! +
            lh * lw * x.data[base + i1 * w + j1]!;
        }
        y.data[(p * oh + i) * ow + j] = v;
      }
    }
  }
  return y;
};
