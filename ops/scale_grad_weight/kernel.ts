// scale_grad_weight (unbatched [C]): Σ dy·x per channel over batch and
// spatial. One workgroup per channel; threads stride over the channel's
// N·inner elements and the workgroup folds the partial sums in workgroup
// memory.
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, WG_SUM } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { channelElement } from "../templates/channel_stats.js";

export const lower: Lowering = (ctx) => {
  const xs = ctx.inputs[0]!;
  const c = xs[1]!;
  const inner = elementCount(xs.slice(2));
  const count = xs[0]! * inner;
  const k = newKernel();
  const [x, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = groupDispatch(c, ctx);
  k.use(WG_SUM, channelElement(c, inner));
  k.body = wgsl`${perGroup(c, k.dispatch)}
  var s = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let at = chan_at(g, m); s += ${dy.at("at")} * ${x.at("at")}; }
  let total = wg_sum(lid, s);
  if (lid == 0u) { ${out.set("g", "total")} }
}`;
  return k.build();
};
