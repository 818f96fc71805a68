// mish: y = x·tanh(softplus(x)), elementwise, in float64. softplus is
// max(x, 0) + log1p(e^(−|x|)) (no overflow, no lost digits for very
// negative x); Math.tanh keeps its digits for tiny arguments, so y ≈ x·eˣ
// far left. The derivative is tanh(s) + x·sech²(s)·σ(x) with s =
// softplus(x) (s' = σ), sech² taken as 1 / cosh², not 1 − tanh², so that
// it does not cancel for large x, and σ(x) as 1 − e^(−s) = −expm1(−s)
// (e^s = 1 + eˣ), which keeps its digits at both ends.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

function softplus(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => mapElements(inputs[0]!, ctx.precision, (v) => v * Math.tanh(softplus(v)));

/** d mish from v = x: dy·(tanh(s) + x·σ(x) / cosh²(s)), s = softplus(x). */
export const derivative: Derivative = (v, dy) => {
  const s = softplus(v);
  const c = Math.cosh(s);
  return dy * (Math.tanh(s) + (v * -Math.expm1(-s)) / (c * c));
};
