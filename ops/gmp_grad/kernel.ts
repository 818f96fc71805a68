// gmp_grad: dy[n, c] at the first maximum of channel (n, c) (scan order),
// zero elsewhere. One invocation per (n, c) plane: it finds the argmax and
// writes the whole plane, so no two invocations write one element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.out.slice(2));
  const planes = elementCount(ctx.out.slice(0, 2));
  const k = newKernel();
  const [x, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = dispatchFor(planes, ctx);
  k.body = wgsl`${perItem(planes, k.dispatch)}
  let base = i * ${hw}u;
  var arg = 0u;
  var best = ${x.at("base")};
  for (var q = 1u; q < ${hw}u; q++) {
    let v = ${x.at("base + q")};
    if (v > best) { best = v; arg = q; }
  }
  let g = ${dy.at("i")};
  for (var q = 0u; q < ${hw}u; q++) { ${out.set("base + q", "select(0.0, g, q == arg)")} }
}`;
  return k.build();
};
