// bn_grad_weight (unbatched [C]): Σ dy·x̂ per channel over batch and spatial.
// One workgroup per channel: in training it first reduces the batch mean and
// biased variance of x, in eval it reads the running statistics; then each
// thread sums dy·x̂ over a strided slice and the workgroup folds the partial
// sums in workgroup memory.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, wgSum } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, f32 } from "../templates/wgsl.js";
import { batchStats, channelElement } from "../bn/kernel.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const c = x[1]!;
  const inner = elementCount(x.slice(2));
  const count = x[0]! * inner;
  const eps = numAttr(ctx.attrs, "eps");
  const training = ctx.attrs.training === true;
  const roles = training ? [] : ["running_mean", "running_var"];
  const dispatch = groupDispatch(c, ctx);
  const stats = training
    ? batchStats("in0", count, eps)
    : `let mu = p_running_mean[g];
  let inv_sigma = 1.0 / sqrt(p_running_var[g] + ${f32(eps)});`;
  const code = `${bindings(ctx, roles)}
${wgSum}
${channelElement(c, inner)}
${perGroup(c, dispatch)}
  ${stats}
  var sdx = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let at = chan_at(g, m); sdx += in1[at] * ((in0[at] - mu) * inv_sigma); }
  let total = wg_sum(lid, sdx);
  if (lid == 0u) { out[g] = total; }
}`;
  return { code, dispatch, paramRoles: roles };
};
