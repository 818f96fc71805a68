// silu: y = x·σ(x), elementwise, in float64. σ(x) is 1 / (1 + e^(−x)) for
// x ≥ 0 and eˣ / (1 + eˣ) for x < 0, so e^(−x) never overflows, and
// 1 − σ(x) is taken as σ(−x) so that it keeps its digits for large x.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

function logistic(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => mapElements(inputs[0]!, ctx.precision, (v) => v * logistic(v));

/** d silu from v = x: dy·σ(x)·(1 + x·σ(−x)), σ(−x) being 1 − σ(x). */
export const derivative: Derivative = (v, dy) => dy * logistic(v) * (1 + v * logistic(-v));
