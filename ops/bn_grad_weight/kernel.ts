// bn_grad_weight (unbatched [C]): Σ dy·x̂ per channel over batch and spatial.
// One workgroup per channel: in training it first reduces the batch mean and
// biased variance of x, in eval it reads the running statistics; then each
// thread sums dy·x̂ over a strided slice and the workgroup folds the partial
// sums in workgroup memory.
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, WG_SUM } from "../templates/reduce.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { batchStats, bnSizes, channelElement } from "../templates/channel_stats.js";

export const lower: Lowering = (ctx) => {
  const { c, inner, count, eps } = bnSizes(ctx);
  const training = ctx.attrs.training === true;
  const k = newKernel();
  const [x, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const running = training ? undefined : { mean: k.param("running_mean"), variance: k.param("running_var") };
  const stats = running
    ? wgsl`let mu = ${running.mean.at("g")};
  let inv_sigma = 1.0 / sqrt(${running.variance.at("g")} + ${f32(eps)});`
    : batchStats(x, count, eps);
  const out = k.output();
  k.dispatch = groupDispatch(c, ctx);
  k.use(WG_SUM, channelElement(c, inner));
  k.body = wgsl`${perGroup(c, k.dispatch)}
  ${stats}
  var sdx = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let at = chan_at(g, m); sdx += ${dy.at("at")} * ((${x.at("at")} - mu) * inv_sigma); }
  let total = wg_sum(lid, sdx);
  if (lid == 0u) { ${out.set("g", "total")} }
}`;
  return k.build();
};
