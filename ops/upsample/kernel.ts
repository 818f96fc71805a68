// upsample by integer factors. nearest: y[i, j] = x[⌊i/sh⌋, ⌊j/sw⌋].
// bilinear (align_corners = false): src = max((dst + 0.5)/s − 0.5, 0),
// i0 = ⌊src⌋, i1 = min(i0 + 1, H − 1), λ = src − i0, blending the four
// neighbours. One invocation per output element.
import { pairAttr, stringAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { bilinearTaps } from "../templates/bilinear.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.inputs[0]! as [number, number, number, number];
  const [, , oh, ow] = ctx.out as [number, number, number, number];
  const [sh, sw] = pairAttr(ctx.attrs, "scale");
  const bilinear = stringAttr(ctx.attrs, "mode") === "bilinear";
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [x] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  const body = bilinear
    ? wgsl`${bilinearTaps("oy", sh, h, "y0", "y1", "ly")}
  ${bilinearTaps("ox", sw, w, "x0", "x1", "lx")}
  ${out.set(
    "i",
    wgsl`(1.0 - ly) * (1.0 - lx) * ${x.at(`base + y0 * ${w}u + x0`)} + (1.0 - ly) * lx * ${x.at(`base + y0 * ${w}u + x1`)}
    + ly * (1.0 - lx) * ${x.at(`base + y1 * ${w}u + x0`)} + ly * lx * ${x.at(`base + y1 * ${w}u + x1`)}`,
  )}`
    : out.set("i", x.at(`base + (oy / ${sh}u) * ${w}u + ox / ${sw}u`));
  k.body = wgsl`${perItem(n, k.dispatch)}
  let plane = i / ${oh * ow}u;
  let ox = i % ${ow}u;
  let oy = (i / ${ow}u) % ${oh}u;
  let base = plane * ${h * w}u;
  ${body}
}`;
  return k.build();
};
