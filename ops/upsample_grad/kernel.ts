// upsample_grad, as a gather. nearest: dx[i, j] sums its sh×sw block of dy.
// bilinear: dx[p, q] = Σ dy[oy, ox]·wy(oy, p)·wx(ox, q), where w(o, p) is
// the forward weight of source pixel p for output o (both taps' weights
// when they coincide at the border). Output o's taps lie within one pixel
// of o/s, so only o ∈ [(p − 1)·s, (p + 2)·s) can reach p. One invocation
// per input element.
import { pairAttr, stringAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { bilinearTaps } from "../templates/bilinear.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.out as [number, number, number, number];
  const [, , oh, ow] = ctx.inputs[0]! as [number, number, number, number];
  const [sh, sw] = pairAttr(ctx.attrs, "scale");
  const bilinear = stringAttr(ctx.attrs, "mode") === "bilinear";
  return perElementKernel<[Binding]>(ctx, ([dy], out) => {
    const body = bilinear
      ? wgsl`let oy0 = max(i32(py) - 1, 0) * ${sh};
  let oy1 = min((i32(py) + 2) * ${sh}, ${oh});
  let ox0 = max(i32(px) - 1, 0) * ${sw};
  let ox1 = min((i32(px) + 2) * ${sw}, ${ow});
  for (var oyi = oy0; oyi < oy1; oyi++) {
    let oy = u32(oyi);
    ${bilinearTaps("oy", sh, h, "y0", "y1", "ly")}
    let wy = select(0.0, 1.0 - ly, y0 == py) + select(0.0, ly, y1 == py);
    if (wy == 0.0) { continue; }
    var row = 0.0;
    for (var oxi = ox0; oxi < ox1; oxi++) {
      let ox = u32(oxi);
      ${bilinearTaps("ox", sw, w, "x0", "x1", "lx")}
      let wx = select(0.0, 1.0 - lx, x0 == px) + select(0.0, lx, x1 == px);
      row += ${dy.at(`(plane * ${oh}u + oy) * ${ow}u + ox`)} * wx;
    }
    acc += row * wy;
  }`
      : wgsl`for (var a = 0u; a < ${sh}u; a++) {
    for (var b = 0u; b < ${sw}u; b++) { acc += ${dy.at(`(plane * ${oh}u + py * ${sh}u + a) * ${ow}u + px * ${sw}u + b`)}; }
  }`;
    return wgsl`let plane = i / ${h * w}u;
  let py = (i % ${h * w}u) / ${w}u;
  let px = i % ${w}u;
  var acc = 0.0;
  ${body}
  ${out.set("i", "acc")}`;
  });
};
