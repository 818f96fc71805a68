// avgpool: the mean of each window, PyTorch's divisor rule. The window of
// output i spans [i·s − p, min(i·s − p + k, H + p)) (the ceil-mode window
// clipped at the padded border); the divisor is that size with
// count_include_pad, else the number of real pixels in it. One invocation
// per output element.
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { avgWindow } from "../templates/pool.js";

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
  ${avgWindow(ctx.attrs, h, w)}
  var sum = 0.0;
  for (var yy = y0; yy < y1; yy++) {
    for (var xx = x0; xx < x1; xx++) { sum += ${x.at(`base + u32(yy * ${w} + xx)`)}; }
  }
  ${out.set("i", "sum / div")}
}`;
  return k.build();
};
