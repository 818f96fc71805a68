// avgpool_grad, as a gather: dx at input pixel (iy, ix) sums dy/divisor over
// the windows that contain it (the forward's clipped windows and divisor
// rule). A window of output o along an axis starts at o·s − p and holds the
// pixel when its start is in (pixel − k, pixel]. One invocation per input
// element.
import type { Lowering } from "../lowering.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { avgWindow, poolAttrs } from "../templates/pool.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.out as [number, number, number, number];
  const [, , oh, ow] = ctx.inputs[0]! as [number, number, number, number];
  const { k, s, p } = poolAttrs(ctx.attrs);
  return perElementKernel<[Binding]>(
    ctx,
    ([dy], out) => wgsl`let plane = i / ${h * w}u;
  let py = i32(i % ${h * w}u) / ${w};
  let px = i32(i % ${h * w}u) % ${w};
  var acc = 0.0;
  for (var cy = 0; cy < ${k[0]}; cy++) {
    let ty = py + ${p[0]} - cy;
    if (ty < 0 || ty % ${s[0]} != 0 || ty / ${s[0]} >= ${oh}) { continue; }
    let oy = u32(ty / ${s[0]});
    for (var cx = 0; cx < ${k[1]}; cx++) {
      let tx = px + ${p[1]} - cx;
      if (tx < 0 || tx % ${s[1]} != 0 || tx / ${s[1]} >= ${ow}) { continue; }
      let ox = u32(tx / ${s[1]});
      ${avgWindow(ctx.attrs, h, w)}
      if (div > 0.0) { acc += ${dy.at(`(plane * ${oh}u + oy) * ${ow}u + ox`)} / div; }
    }
  }
  ${out.set("i", "acc")}`,
  );
};
