// upsample by integer factors. nearest: y[i, j] = x[⌊i/sh⌋, ⌊j/sw⌋].
// bilinear (align_corners = false): src = max((dst + 0.5)/s − 0.5, 0),
// i0 = ⌊src⌋, i1 = min(i0 + 1, H − 1), λ = src − i0, blending the four
// neighbours. One invocation per output element.
import { pairAttr, stringAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { wgsl } from "../../core/kernel/index.js";
import { bilinearTaps } from "../templates/bilinear.js";
import { perOutputPixel } from "../templates/pool.js";

export const lower: Lowering = (ctx) => {
  const [sh, sw] = pairAttr(ctx.attrs, "scale");
  const bilinear = stringAttr(ctx.attrs, "mode") === "bilinear";
  return perOutputPixel(ctx, (x, out, { h, w }) =>
    bilinear
      ? wgsl`${bilinearTaps("oy", sh, h, "y0", "y1", "ly")}
  ${bilinearTaps("ox", sw, w, "x0", "x1", "lx")}
  ${out.set(
    "i",
    wgsl`(1.0 - ly) * (1.0 - lx) * ${x.at(`base + y0 * ${w}u + x0`)} + (1.0 - ly) * lx * ${x.at(`base + y0 * ${w}u + x1`)}
    + ly * (1.0 - lx) * ${x.at(`base + y1 * ${w}u + x0`)} + ly * lx * ${x.at(`base + y1 * ${w}u + x1`)}`,
  )}`
      : out.set("i", x.at(`base + (oy / ${sh}u) * ${w}u + ox / ${sw}u`)),
  );
};
