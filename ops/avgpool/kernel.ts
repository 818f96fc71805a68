// avgpool: the mean of each window, PyTorch's divisor rule. The window of
// output i spans [i·s − p, min(i·s − p + k, H + p)) (the ceil-mode window
// clipped at the padded border); the divisor is that size with
// count_include_pad, else the number of real pixels in it. One invocation
// per output element.
import type { Lowering } from "../lowering.js";
import { wgsl } from "../../core/kernel/index.js";
import { avgWindow, perOutputPixel } from "../templates/pool.js";

export const lower: Lowering = (ctx) =>
  perOutputPixel(
    ctx,
    (x, out, { h, w }) => wgsl`${avgWindow(ctx.attrs, h, w)}
  var sum = 0.0;
  for (var yy = y0; yy < y1; yy++) {
    for (var xx = x0; xx < x1; xx++) { sum += ${x.at(`base + u32(yy * ${w} + xx)`)}; }
  }
  ${out.set("i", "sum / div")}`,
  );
