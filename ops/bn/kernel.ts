// bn over channel axis 1 of [N, C, …].
// eval: y = (x − running_mean[c])/√(running_var[c] + eps)·γ[c] + β[c], one
// invocation per element; the same formula is `pointwise`, the form fusion
// splices into a neighbour's kernel.
// training: one workgroup per channel. Its threads stride over the channel's
// N·inner elements; the workgroup sums them in workgroup memory for the mean,
// then sums (x − μ)² for the biased variance (two passes, as the
// definition), then normalises the channel's elements.
import { boolAttr, numAttr } from "../contract.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { groupDispatch, perGroup, RWG, WG_SUM } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { add, call, div, f32, mul, newKernel, operand, paramAtChannel, sub, wgsl } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { batchStats, bnSizes, channelElement } from "../templates/channel_stats.js";

export const lower: Lowering = (ctx) => {
  const { c, inner, count, eps } = bnSizes(ctx);
  const affine = boolAttr(ctx.attrs, "affine");
  const k = newKernel();
  const [x] = declareInputs(k, ctx);
  if (ctx.attrs.training === true) {
    const weight = affine ? k.param("weight") : undefined;
    const bias = affine ? k.param("bias") : undefined;
    const out = k.output();
    const gamma = weight ? weight.at("g") : "1.0";
    const beta = bias ? bias.at("g") : "0.0";
    k.dispatch = groupDispatch(c, ctx);
    k.use(WG_SUM, channelElement(c, inner));
    k.body = wgsl`${perGroup(c, k.dispatch)}
  ${batchStats(x!, count, eps)}
  let scale = inv_sigma * ${gamma};
  let shift = ${beta} - mu * scale;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let at = chan_at(g, m); ${out.set("at", wgsl`${x!.at("at")} * scale + shift`)} }
}`;
    return k.build();
  }
  const weight = affine ? k.param("weight") : undefined;
  const bias = affine ? k.param("bias") : undefined;
  const mean = k.param("running_mean");
  const variance = k.param("running_var");
  const out = k.output();
  const gamma = weight ? weight.at("g") : "1.0";
  const beta = bias ? bias.at("g") : "0.0";
  const n = elementCount(ctx.out);
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let g = (i / ${inner}u) % ${c}u;
  ${out.set("i", wgsl`(${x!.at("i")} - ${mean.at("g")}) / sqrt(${variance.at("g")} + ${f32(eps)}) * ${gamma} + ${beta}`)}
}`;
  return k.build();
};

/**
 * Eval-mode batch norm as a per-channel affine map: the eval kernel's
 * formula, operation for operation. In training it needs the batch's
 * statistics and is not pointwise.
 */
export const pointwise: PointwiseForm = {
  paramRoles: (a) => (boolAttr(a, "affine") ? ["weight", "bias", "running_mean", "running_var"] : ["running_mean", "running_var"]),
  applies: (_ins, out, a) => a.training !== true && out.length >= 2,
  expr: (c) => {
    const channels = c.out[1]!;
    const inner = elementCount(c.out.slice(2));
    const at = (role: string) => paramAtChannel(role, channels, inner);
    const norm = div(sub(operand(0), at("running_mean")), call("sqrt", add(at("running_var"), numAttr(c.attrs, "eps"))));
    return boolAttr(c.attrs, "affine") ? add(mul(norm, at("weight")), at("bias")) : add(mul(norm, 1), 0);
  },
};

export { runningUpdate } from "./running.js";
