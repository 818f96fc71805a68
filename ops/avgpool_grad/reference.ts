// avgpool_grad: the adjoint of avgpool. Each dy element is spread evenly over
// the real pixels of its window, divided by the forward divisor (PyTorch's
// rule: with count_include_pad the window clipped to the padded input,
// otherwise the real pixels only).

import { boolAttr, pairAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const [c, h, w] = inShape(attrs) as [number, number, number];
  const [n, , oh, ow] = dy.shape as [number, number, number, number];
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = attrs.stride === null || attrs.stride === undefined ? [kh, kw] : pairAttr(attrs, "stride");
  const [ph, pw] = pairAttr(attrs, "padding");
  const includePad = boolAttr(attrs, "count_include_pad");
  const dx = zeros([n, c, h, w], ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let y0 = oy * sh - ph;
          let x0 = ox * sw - pw;
          let y1 = Math.min(y0 + kh, h + ph);
          let x1 = Math.min(x0 + kw, w + pw);
          const padded = (y1 - y0) * (x1 - x0);
          y0 = Math.max(y0, 0);
          x0 = Math.max(x0, 0);
          y1 = Math.min(y1, h);
          x1 = Math.min(x1, w);
          const divisor = includePad ? padded : (y1 - y0) * (x1 - x0);
          if (divisor <= 0) continue;
          const g = dy.data[((b * c + ch) * oh + oy) * ow + ox]! / divisor;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) dx.data[((b * c + ch) * h + iy) * w + ix] += g;
          }
        }
      }
    }
  }
  return dx;
};
