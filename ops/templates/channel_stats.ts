// Per-channel walks of an [N, C, inner] tensor inside a one-workgroup-per-
// channel kernel (templates/reduce.ts): the index of a channel's m-th
// element, and batch norm's batch statistics. Shared by bn's training
// kernel, its gradients and scale_grad_weight.

import { elementCount } from "../../core/ir/graph.js";
import { f32, kernelFn, wgsl, type Binding, type Code, type KernelFunction } from "../../core/kernel/index.js";
import { numAttr } from "../contract.js";
import type { LoweringContext } from "../lowering.js";
import { RWG } from "./reduce.js";

/**
 * A batch norm's sizes from its input x [N, C, …] (ctx.inputs[0]), for bn
 * and its gradients: C channels, `inner` elements per sample and channel,
 * `count` = N·inner elements per channel, and the eps attribute.
 */
export function bnSizes(ctx: LoweringContext) {
  const xs = ctx.inputs[0]!;
  const inner = elementCount(xs.slice(2));
  return { c: xs[1]!, inner, count: xs[0]! * inner, eps: numAttr(ctx.attrs, "eps") };
}

/** WGSL function `chan_at(g, m)`: the index of the m-th element (m < N·inner) of channel `g` in [N, C, inner]. */
export function channelElement(c: number, inner: number): KernelFunction {
  return kernelFn("chan_at", wgsl`fn chan_at(g: u32, m: u32) -> u32 { return ((m / ${inner}u) * ${c}u + g) * ${inner}u + m % ${inner}u; }`);
}

/**
 * WGSL statements (inside a perGroup kernel, channel g, with WG_SUM and
 * channelElement in use) leaving `mu` and `inv_sigma` = 1/√(σ² + eps) from
 * the batch statistics of input `src`.
 */
export function batchStats(src: Binding, count: number, eps: number): Code {
  return wgsl`var s = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { s += ${src.at("chan_at(g, m)")}; }
  let mu = wg_sum(lid, s) / ${count}.0;
  var s2 = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { let d = ${src.at("chan_at(g, m)")} - mu; s2 += d * d; }
  let inv_sigma = 1.0 / sqrt(wg_sum(lid, s2) / ${count}.0 + ${f32(eps)});`;
}
