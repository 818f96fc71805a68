// adaptive_avgpool: output (i, j) averages rows ⌊i·H/oh⌋ … ⌈(i+1)·H/oh⌉ − 1
// and columns likewise (PyTorch). One invocation per output element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { adaptiveBounds } from "../templates/pool.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.inputs[0]! as [number, number, number, number];
  const [, , oh, ow] = ctx.out as [number, number, number, number];
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [x] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let plane = i / ${oh * ow}u;
  let ox = i % ${ow}u;
  let oy = (i / ${ow}u) % ${oh}u;
  let base = plane * ${h * w}u;
  ${adaptiveBounds("oy", h, oh, "y0", "y1")}
  ${adaptiveBounds("ox", w, ow, "x0", "x1")}
  var sum = 0.0;
  for (var yy = y0; yy < y1; yy++) {
    for (var xx = x0; xx < x1; xx++) { sum += ${x.at(`base + yy * ${w}u + xx`)}; }
  }
  ${out.set("i", "sum / f32((y1 - y0) * (x1 - x0))")}
}`;
  return k.build();
};
