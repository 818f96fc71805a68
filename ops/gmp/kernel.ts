// gmp: y[n, c] = max x[n, c, ·, ·]. One invocation per output.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.inputs[0]!.slice(2));
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [x] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  var m = ${x.at(`i * ${hw}u`)};
  for (var q = 1u; q < ${hw}u; q++) { m = max(m, ${x.at(`i * ${hw}u + q`)}); }
  ${out.set("i", "m")}
}`;
  return k.build();
};
