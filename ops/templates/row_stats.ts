// Layer norm's statistics of one row (the D contiguous elements from
// `base`), computed serially by one invocation: shared by layernorm and its
// two gradient kernels, which recompute them rather than store them.

import { elementCount, type Shape } from "../../core/ir/graph.js";
import { f32, wgsl, type Binding, type Code } from "../../core/kernel/index.js";

/** The rows of a tensor normalised over its last axis: d elements each, `rows` of them. */
export function rowsOf(shape: Shape): { readonly d: number; readonly rows: number } {
  const d = shape[shape.length - 1]!;
  return { d, rows: elementCount(shape) / d };
}

/**
 * WGSL statements leaving `mu` and `inv_sigma` = 1/√(σ² + eps), σ² the
 * biased variance, of the row of `src` that starts at `base` (a u32 the
 * caller defines). Two passes, as the definition: the mean, then the mean
 * squared deviation.
 */
export function rowStats(src: Binding, d: number, eps: number): Code {
  return wgsl`var s = 0.0;
  for (var j = 0u; j < ${d}u; j++) { s += ${src.at("base + j")}; }
  let mu = s / ${d}.0;
  var s2 = 0.0;
  for (var j = 0u; j < ${d}u; j++) { let dv = ${src.at("base + j")} - mu; s2 += dv * dv; }
  let inv_sigma = 1.0 / sqrt(s2 / ${d}.0 + ${f32(eps)});`;
}
