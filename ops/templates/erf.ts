// The complementary error function as a WGSL helper (WGSL has no erf
// builtin), for the Gaussian-CDF activations (gelu: Φ(x) = erfc(−x/√2)/2).
//
// The approximation is the Chebyshev fit of Press et al. (Numerical
// Recipes, 2nd ed., §6.2, "erfcc"): for z ≥ 0, with t = 1/(1 + z/2),
//   erfc(z) = t·exp(−z² + P(t)),   P a degree-9 polynomial,
// and erfc(−z) = 2 − erfc(z). Its fractional (relative) error is below
// 1.2e-7 for every z ≥ 0, so unlike Abramowitz–Stegun 7.1.26 (an absolute
// bound of 1.5e-7, off by tens of percent in the far tail) it keeps erfc's
// tail, and with it gelu for very negative x, relatively accurate.
// In float32 the rounding of −z² + P(t) adds about z²·1.2e-7 relative
// (simulated in float32 against a float64 erfc: ≤ 4.7e-7 for z ≤ 2,
// ≤ 1.6e-6 for z ≤ 4, ≤ 7.5e-6 for z ≤ 9, where erfc is 4e-37), before
// the error of the device's exp.
//
// Only erfc is here: gelu needs Φ(x) = erfc(−x/√2)/2, and erf(z) as
// 1 − erfc(z) would lose its relative accuracy near 0 (an absolute error of
// about 1e-7 there); an op that needs erf itself near 0 should add its
// Maclaurin series below |z| = 0.5, with a test of its own.
import { kernelFn, wgsl, type KernelFunction } from "../../core/kernel/index.js";

/** P(t)'s coefficients, constant term first. */
const P = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

/** P(t) in Horner form, as WGSL text over `t`. */
const HORNER = P.reduceRight((inner, c, i) => (i === P.length - 1 ? `${c}` : `${c} + t * (${inner})`), "");

/** erfc(z) for every real z, relative error ≤ 1.2e-7 plus float32 rounding (see the header). */
export const ERFC_FN: KernelFunction = kernelFn(
  "erfc_",
  wgsl`fn erfc_(z: f32) -> f32 {
  let a = abs(z);
  let t = 1.0 / (1.0 + 0.5 * a);
  let r = t * exp(-a * a + ${HORNER});
  return select(2.0 - r, r, z >= 0.0);
}`,
);
