// adaptive_avgpool: output (i, j) averages rows ⌊i·H/oh⌋ … ⌈(i+1)·H/oh⌉ − 1
// and columns likewise (PyTorch). One invocation per output element.
import type { Lowering } from "../lowering.js";
import { wgsl } from "../../core/kernel/index.js";
import { adaptiveBounds, perOutputPixel } from "../templates/pool.js";

export const lower: Lowering = (ctx) =>
  perOutputPixel(
    ctx,
    (x, out, { h, w, oh, ow }) => wgsl`${adaptiveBounds("oy", h, oh, "y0", "y1")}
  ${adaptiveBounds("ox", w, ow, "x0", "x1")}
  var sum = 0.0;
  for (var yy = y0; yy < y1; yy++) {
    for (var xx = x0; xx < x1; xx++) { sum += ${x.at(`base + yy * ${w}u + xx`)}; }
  }
  ${out.set("i", "sum / f32((y1 - y0) * (x1 - x0))")}`,
  );
