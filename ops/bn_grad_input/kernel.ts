// bn_grad_input. eval: dx = dy·γ/√(running_var + eps), one invocation per
// element. training: one workgroup per channel reduces, in workgroup memory,
// the batch mean and biased variance of x, then mean(dy) and mean(dy·x̂), and
// writes dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)) for the channel.
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, WG_SUM } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, keepAlive, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { batchStats, bnSizes, channelElement } from "../templates/channel_stats.js";

export const lower: Lowering = (ctx) => {
  const { c, inner, count, eps } = bnSizes(ctx);
  const affine = boolAttr(ctx.attrs, "affine");
  const k = newKernel();
  const [x, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const weight = affine ? k.param("weight") : undefined;
  const gamma = weight ? weight.at("g") : "1.0";
  if (ctx.attrs.training === true) {
    const out = k.output();
    k.dispatch = groupDispatch(c, ctx);
    k.use(WG_SUM, channelElement(c, inner));
    k.body = wgsl`${perGroup(c, k.dispatch)}
  ${batchStats(x, count, eps)}
  var sd = 0.0;
  var sdx = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) {
    let at = chan_at(g, m);
    sd += ${dy.at("at")};
    sdx += ${dy.at("at")} * (${x.at("at")} - mu) * inv_sigma;
  }
  let mean_dy = wg_sum(lid, sd) / ${count}.0;
  let mean_dyx = wg_sum(lid, sdx) / ${count}.0;
  let k = ${gamma} * inv_sigma;
  for (var m = lid; m < ${count}u; m += ${RWG}u) {
    let at = chan_at(g, m);
    ${out.set("at", wgsl`k * (${dy.at("at")} - mean_dy - (${x.at("at")} - mu) * inv_sigma * mean_dyx)`)}
  }
}`;
    return k.build();
  }
  // Eval does not read x, but the contract binds every input: keepAlive
  // keeps it in the pipeline's automatic layout.
  const variance = k.param("running_var");
  const out = k.output();
  const n = elementCount(ctx.out);
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let g = (i / ${inner}u) % ${c}u;
  ${keepAlive(x)}
  ${out.set("i", wgsl`${dy.at("i")} * ${gamma} / sqrt(${variance.at("g")} + ${f32(eps)})`)}
}`;
  return k.build();
};
