// adaptive_avgpool_grad, as a gather: dx at (iy, ix) sums dy/size over the
// adaptive windows holding it. Along an axis of H pooled to oh, the windows
// holding pixel p are o ∈ [⌊p·oh/H⌋, ⌈(p+1)·oh/H⌉ − 1] (from
// ⌊o·H/oh⌋ ≤ p < ⌈(o+1)·H/oh⌉); each is checked again against its bounds.
// One invocation per input element.
import type { Lowering } from "../lowering.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { adaptiveBounds } from "../templates/pool.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.out as [number, number, number, number];
  const [, , oh, ow] = ctx.inputs[0]! as [number, number, number, number];
  return perElementKernel<[Binding]>(
    ctx,
    ([dy], out) => wgsl`let plane = i / ${h * w}u;
  let py = (i % ${h * w}u) / ${w}u;
  let px = i % ${w}u;
  let oy0 = (py * ${oh}u) / ${h}u;
  let oy1 = min(((py + 1u) * ${oh}u + ${h - 1}u) / ${h}u, ${oh}u);
  let ox0 = (px * ${ow}u) / ${w}u;
  let ox1 = min(((px + 1u) * ${ow}u + ${w - 1}u) / ${w}u, ${ow}u);
  var acc = 0.0;
  for (var oy = oy0; oy < oy1; oy++) {
    ${adaptiveBounds("oy", h, oh, "y0", "y1")}
    if (py < y0 || py >= y1) { continue; }
    for (var ox = ox0; ox < ox1; ox++) {
      ${adaptiveBounds("ox", w, ow, "x0", "x1")}
      if (px < x0 || px >= x1) { continue; }
      acc += ${dy.at(`(plane * ${oh}u + oy) * ${ow}u + ox`)} / f32((y1 - y0) * (x1 - x0));
    }
  }
  ${out.set("i", "acc")}`,
  );
};
