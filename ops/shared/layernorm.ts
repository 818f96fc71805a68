// Layer norm's attributes, its normalised size and a row's moments (for the
// float64 references), shared by layernorm (ops/layernorm/) and its
// gradient ops, which take its eps and affine.

import { fmt, OpError, type AttrSpec } from "../contract.js";
import type { Shape } from "../../core/ir/graph.js";

export const layernormAttrs = {
  eps: { type: "float", above: 0, default: 1e-5, doc: "added to the variance for stability" },
  affine: { type: "bool", default: true, doc: "learn a per-feature scale and shift" },
} satisfies Readonly<Record<string, AttrSpec>>;

/** D, the size of the last axis that layer norm normalises over. */
export function features(x: Shape, what: string): number {
  if (x.length === 0) throw new OpError(`${what} has shape ${fmt(x)}, but layer norm needs a feature axis`, "an input of rank ≥ 1 ([D] or [T, D])");
  return x[x.length - 1]!;
}

/** Mean and biased variance of the D values of x from `base`. */
export function rowMoments(x: ArrayLike<number>, base: number, d: number): { mean: number; variance: number } {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += x[base + j]!;
  const mean = sum / d;
  let sq = 0;
  for (let j = 0; j < d; j++) sq += (x[base + j]! - mean) ** 2;
  return { mean, variance: sq / d };
}
