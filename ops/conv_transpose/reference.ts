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
import { convOperands, convTransposeWindow, forEachTransposedTap } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const { x, w, b, n, c, h, wd } = convOperands(inputs, params);
  const out = intAttr(attrs, "out");
  const groups = intAttr(attrs, "groups");
  const window = convTransposeWindow(attrs);
  const { kh, kw, sh, sw, ph, pw, dh, dw } = window;
  const [oph, opw] = pairAttr(attrs, "output_padding");
  const oh = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const ow = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;

  // Accumulate in float64, store once (so f32 mode rounds each output once).
  const acc = new Float64Array(n * out * oh * ow);
  forEachTransposedTap({ n, c, h, wd, out, oh, ow, groups, ...window }, (xAt, yAt, wAt) => {
    acc[yAt]! += x.data[xAt]! * w.data[wAt]!;
  });
  const y = zeros([n, out, oh, ow], ctx.precision);
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
