// gelu in float64, from PyTorch's definitions:
// "none": 0.5·x·(1 + erf(x/√2)) = x·erfc(−x/√2)/2, with the float64 erfc
//   of ops/shared/reference_erf.ts (the erfc form keeps the left tail);
// "tanh": 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), with
//   1 + tanh(u) = 2/(1 + e^(−2u)) (an identity), which does not cancel for
//   u ≪ 0 as 1 + tanh(u) does in floating point (there 1 + tanh(u) keeps
//   only about 1e-16 absolute, so it is useless as an oracle of the tail).
// Derivatives from x: Φ(x) + x·φ(x), and the tanh formula's derivative
// 0.5·(1 + tanh u) + 0.5·x·sech²(u)·√(2/π)·(1 + 3·0.044715·x²), with
// sech²(u) = 1/cosh²(u) rather than 1 − tanh²(u), for the same reason.

import type { Attrs } from "../../core/ir/graph.js";
import type { Derivative, Kernel } from "../reference_kernel.js";
import { erfc } from "../shared/reference_erf.js";
import { mapElements } from "../shared/reference_elementwise.js";
import { geluForm } from "./op.js";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function formOf(attrs: Attrs, key: string): "none" | "tanh" {
  const form = geluForm(attrs[key]);
  if (!form) throw new Error(`internal: gelu's ${key} must be "none" or "tanh", not ${JSON.stringify(attrs[key])}`);
  return form;
}

/** The standard normal CDF. */
const cdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** The tanh form's argument u. */
const argOf = (x: number): number => SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);

/** 1 + tanh(u), without cancellation for u ≪ 0. */
const onePlusTanh = (u: number): number => 2 / (1 + Math.exp(-2 * u));

export const kernel: Kernel = (inputs, attrs, _params, ctx) =>
  formOf(attrs, "approximate") === "tanh"
    ? mapElements(inputs[0]!, ctx.precision, (x) => 0.5 * x * onePlusTanh(argOf(x)))
    : mapElements(inputs[0]!, ctx.precision, (x) => x * cdf(x));

/** d gelu from v = x; unary_grad's `variant` is the forward's `approximate`. */
export const derivative: Derivative = (x, dy, attrs) => {
  if (formOf(attrs, "variant") === "tanh") {
    const u = argOf(x);
    const sech = 1 / Math.cosh(u);
    return dy * (0.5 * onePlusTanh(u) + 0.5 * x * sech * sech * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x));
  }
  return dy * (cdf(x) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI));
};
