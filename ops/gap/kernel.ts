// gap: y[n, c] = (1/(H·W))·Σ x[n, c, ·, ·]. One invocation per output (the
// maps it sees are small: the last feature map of a network).
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
  var sum = 0.0;
  for (var q = 0u; q < ${hw}u; q++) { sum += ${x.at(`i * ${hw}u + q`)}; }
  ${out.set("i", `sum / ${hw}.0`)}
}`;
  return k.build();
};
