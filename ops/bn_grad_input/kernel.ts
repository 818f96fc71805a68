// bn_grad_input. eval: dx = dy·γ/√(running_var + eps), one invocation per
// element. training: one workgroup per channel reduces, in workgroup memory,
// the batch mean and biased variance of x, then mean(dy) and mean(dy·x̂), and
// writes dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)) for the channel.
import { boolAttr, numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, wgSum } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";
import { batchStats, channelElement } from "../bn/kernel.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const c = x[1]!;
  const inner = elementCount(x.slice(2));
  const eps = numAttr(ctx.attrs, "eps");
  const affine = boolAttr(ctx.attrs, "affine");
  const gamma = affine ? "p_weight[g]" : "1.0";
  if (ctx.attrs.training === true) {
    const roles = affine ? ["weight"] : [];
    const count = x[0]! * inner;
    const dispatch = groupDispatch(c, ctx);
    const code = `${bindings(ctx, roles)}
${wgSum}
${channelElement(c, inner)}
${perGroup(c, dispatch)}
  ${batchStats("in0", count, eps)}
  var sd = 0.0;
  var sdx = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) {
    let at = chan_at(g, m);
    sd += in1[at];
    sdx += in1[at] * (in0[at] - mu) * inv_sigma;
  }
  let mean_dy = wg_sum(lid, sd) / ${count}.0;
  let mean_dyx = wg_sum(lid, sdx) / ${count}.0;
  let k = ${gamma} * inv_sigma;
  for (var m = lid; m < ${count}u; m += ${RWG}u) {
    let at = chan_at(g, m);
    out[at] = k * (in1[at] - mean_dy - (in0[at] - mu) * inv_sigma * mean_dyx);
  }
}`;
    return { code, dispatch, paramRoles: roles };
  }
  // Eval does not read x, but the contract binds every input: `_ = &in0`
  // keeps it in the pipeline's automatic layout.
  const roles = affine ? ["weight", "running_var"] : ["running_var"];
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, roles)}
${perItem(n, dispatch)}
  let g = (i / ${inner}u) % ${c}u;
  _ = &in0;
  out[i] = in1[i] * ${gamma} / sqrt(p_running_var[g] + ${f32(eps)});
}`;
  return { code, dispatch, paramRoles: roles };
};
