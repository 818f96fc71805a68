// Float64 reference helper: erf and erfc (JavaScript has no Math.erf), for
// the reference kernels of Gaussian-CDF activations (gelu). Written from the
// textbook expansions, sharing nothing with the WGSL approximation
// (ops/templates/erf.ts), so that each checks the other.
//
// |x| < 3: the series with positive terms (Abramowitz–Stegun 7.1.6),
//   erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)),
// summed until a term no longer changes the sum; no cancellation, so the
// error is a few ulps (checked against a float64 libm erf on [0, 3]:
// ≤ 1.2e-15 absolute).
// |x| ≥ 3: erfc from Laplace's continued fraction (A&S 7.1.14),
//   erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
// evaluated backwards from 60 levels (converged to the last bit for
// x ≥ 3: 60 and 300 levels agree). Relative error ≤ 2.1e-15 for x ≤ 5;
// beyond, the rounding of x² in e^(−x²) gives about x²·1e-16 relative
// (erfc(5) is already 1.5e-12), so the absolute error stays below 1e-14
// everywhere.
// erfc below 3 is 1 − erf: absolute error ≤ 1e-15 (relative ≤ 1e-11 at 3).

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) for 0 ≤ x < 3, by the positive series. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 3, by the continued fraction. */
function erfcFraction(x: number): number {
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** The error function, float64. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const v = a < 3 ? erfSeries(a) : 1 - erfcFraction(a);
  return x < 0 ? -v : v;
}

/** The complementary error function 1 − erf(x), float64, relatively accurate in the right tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 3 ? 1 - erfSeries(x) : erfcFraction(x);
}
