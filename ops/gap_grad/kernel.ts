// gap_grad: dx[n, c, i, j] = dy[n, c] / (H·W). One invocation per element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.out.slice(2));
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [dy] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  ${out.set("i", wgsl`${dy.at(`i / ${hw}u`)} / ${hw}.0`)}
}`;
  return k.build();
};
