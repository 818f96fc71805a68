// scale_grad_weight (unbatched [C]): Σ dy·x per channel over batch and
// spatial. One workgroup per channel; threads stride over the channel's
// N·inner elements and the workgroup folds the partial sums in workgroup
// memory.
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, wgSum } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings } from "../templates/wgsl.js";
import { channelElement } from "../bn/kernel.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const c = x[1]!;
  const inner = elementCount(x.slice(2));
  const count = x[0]! * inner;
  const dispatch = groupDispatch(c, ctx);
  const code = `${bindings(ctx, [])}
${wgSum}
${channelElement(c, inner)}
${perGroup(c, dispatch)}
  var s = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let at = chan_at(g, m); s += in1[at] * in0[at]; }
  let total = wg_sum(lid, s);
  if (lid == 0u) { out[g] = total; }
}`;
  return { code, dispatch, paramRoles: [] };
};
