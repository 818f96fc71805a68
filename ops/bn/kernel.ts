// bn over channel axis 1 of [N, C, …].
// eval: y = (x − running_mean[c])/√(running_var[c] + eps)·γ[c] + β[c], one
// invocation per element.
// training: one workgroup per channel. Its threads stride over the channel's
// N·inner elements; the workgroup sums them in workgroup memory for the mean,
// then sums (x − μ)² for the biased variance (two passes, as the
// definition), then normalises the channel's elements.
import { boolAttr, numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { groupDispatch, perGroup, RWG, wgSum } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

/** WGSL: the index of the m-th element (m < N·inner) of channel `g` in [N, C, inner]. */
export function channelElement(c: number, inner: number): string {
  return `fn chan_at(g: u32, m: u32) -> u32 { return ((m / ${inner}u) * ${c}u + g) * ${inner}u + m % ${inner}u; }`;
}

/**
 * WGSL statements (inside a perGroup kernel, channel g) leaving `mu` and
 * `inv_sigma` = 1/√(σ² + eps) from the batch statistics of input `src`.
 */
export function batchStats(src: string, count: number, eps: number): string {
  return `var s = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { s += ${src}[chan_at(g, m)]; }
  let mu = wg_sum(lid, s) / ${count}.0;
  var s2 = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let d = ${src}[chan_at(g, m)] - mu; s2 += d * d; }
  let inv_sigma = 1.0 / sqrt(wg_sum(lid, s2) / ${count}.0 + ${f32(eps)});`;
}

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const c = x[1]!;
  const inner = elementCount(x.slice(2));
  const eps = numAttr(ctx.attrs, "eps");
  const affine = boolAttr(ctx.attrs, "affine");
  const gamma = affine ? "p_weight[g]" : "1.0";
  const beta = affine ? "p_bias[g]" : "0.0";
  if (ctx.attrs.training === true) {
    const roles = affine ? ["weight", "bias"] : [];
    const count = x[0]! * inner;
    const dispatch = groupDispatch(c, ctx);
    const code = `${bindings(ctx, roles)}
${wgSum}
${channelElement(c, inner)}
${perGroup(c, dispatch)}
  ${batchStats("in0", count, eps)}
  let scale = inv_sigma * ${gamma};
  let shift = ${beta} - mu * scale;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let at = chan_at(g, m); out[at] = in0[at] * scale + shift; }
}`;
    return { code, dispatch, paramRoles: roles };
  }
  const roles = affine ? ["weight", "bias", "running_mean", "running_var"] : ["running_mean", "running_var"];
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, roles)}
${perItem(n, dispatch)}
  let g = (i / ${inner}u) % ${c}u;
  out[i] = (in0[i] - p_running_mean[g]) / sqrt(p_running_var[g] + ${f32(eps)}) * ${gamma} + ${beta};
}`;
  return { code, dispatch, paramRoles: roles };
};
