// maxpool: y[n, c, i, j] = max over the taps x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
// that lie inside the input (padding is −∞ and never wins). One invocation
// per output element; the output size (ceil mode included) is ctx.out.
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { windowArgmax } from "../templates/pool.js";

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
  ${windowArgmax(ctx.attrs, h, w, x)}
  // A window with no input tap (impossible under PyTorch's padding rule) is
  // −∞; a runtime bitcast, since a constant infinity does not validate.
  var ninf = 0xff800000u;
  ${out.set("i", "select(bitcast<f32>(ninf), best, arg >= 0)")}
}`;
  return k.build();
};
