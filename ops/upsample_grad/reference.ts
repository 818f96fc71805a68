// upsample_grad: the adjoint of upsample by an integer factor. Nearest: each
// input pixel sums its sh×sw block. Bilinear (align_corners = false): each dy
// element is scattered to the (up to) four source pixels with the forward
// weights, source = max((dst + 0.5)/scale − 0.5, 0).

import { pairAttr, stringAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

/** Source index pair and weights along one axis (PyTorch's align_corners = false). */
function taps(dst: number, scale: number, size: number): [number, number, number, number] {
  const src = Math.max((dst + 0.5) / scale - 0.5, 0);
  const i0 = Math.min(Math.floor(src), size - 1);
  const i1 = i0 < size - 1 ? i0 + 1 : i0;
  const l1 = src - i0;
  return [i0, i1, 1 - l1, l1];
}

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const [c, h, w] = inShape(attrs) as [number, number, number];
  const [sh, sw] = pairAttr(attrs, "scale");
  const mode = stringAttr(attrs, "mode");
  const n = dy.shape[0]!;
  const oh = h * sh;
  const ow = w * sw;
  const dx = zeros([n, c, h, w], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const src = (b * c + ch) * h * w;
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const g = dy.data[((b * c + ch) * oh + oy) * ow + ox]!;
          if (mode === "nearest") {
            dx.data[src + Math.floor(oy / sh) * w + Math.floor(ox / sw)] += g;
          } else if (mode === "bilinear") {
            const [y0, y1, wy0, wy1] = taps(oy, sh, h);
            const [x0, x1, wx0, wx1] = taps(ox, sw, w);
            dx.data[src + y0 * w + x0] += g * wy0 * wx0;
            dx.data[src + y0 * w + x1] += g * wy0 * wx1;
            dx.data[src + y1 * w + x0] += g * wy1 * wx0;
            dx.data[src + y1 * w + x1] += g * wy1 * wx1;
          } else {
            throw new Error(`internal: upsample_grad has no mode '${mode}'`);
          }
        }
      }
    }
  }
  return dx;
};
