// Finite-difference checking for the backward reference kernels.
//
// For a forward op f with inputs, params and a random upstream g, the scalar
// is L = Σ g·f(…). A backward kernel's output must equal ∂L/∂t for the tensor
// t it differentiates, which we estimate by central differences, perturbing
// t's data in place (eps 1e-6, float64).

import { expect } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import type { Kernel, KernelContext } from "../../../ops/reference_kernel.js";
import { referenceOf } from "../../../ops/implementations.js";
import { Rng } from "../../../core/tensor/rng.js";
import { fromArray, sizeOf, type Tensor } from "../../../core/tensor/tensor.js";

export const EPS = 1e-6;
export const TOL = 1e-6;

export function ctx(outShape: readonly number[], batch: number, step = 0): KernelContext {
  return { batch, precision: "f64", step, outShape, referenceOf };
}

export function rng(seed: number): Rng {
  return new Rng(seed);
}

/** Standard normal values, resampled while |v| < away (to stay off kinks at 0). */
export function randn(r: Rng, shape: readonly number[], away = 0): Tensor {
  const n = sizeOf(shape);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = r.normal();
    while (Math.abs(s) < away) s = r.normal();
    v[i] = s;
  }
  return fromArray(shape, v);
}

/** Uniform values in [lo, hi). */
export function uniform(r: Rng, shape: readonly number[], lo: number, hi: number): Tensor {
  const n = sizeOf(shape);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.uniform();
  return fromArray(shape, v);
}

/**
 * Pairwise distinct values (a shuffled grid with spacing `gap`, centred on 0):
 * no ties and no near-ties, so a max never switches under a 1e-6 step.
 */
export function distinct(r: Rng, shape: readonly number[], gap = 0.05): Tensor {
  const n = sizeOf(shape);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = (i - n / 2) * gap;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.uniform() * (i + 1));
    const t = v[i]!;
    v[i] = v[j]!;
    v[j] = t;
  }
  return fromArray(shape, v);
}

export function dot(a: Tensor, b: Tensor): number {
  expect([...a.shape]).toEqual([...b.shape]);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/** Central differences of the scalar `loss()` with respect to every element of `target`. */
export function fdGrad(target: Tensor, loss: () => number, eps = EPS): Float64Array {
  const d = target.data;
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    d[i] = v + eps;
    const lp = loss();
    d[i] = v - eps;
    const lm = loss();
    d[i] = v;
    out[i] = (lp - lm) / (2 * eps);
  }
  return out;
}

/** Norm-wise relative error max|a − b| / max(max|a|, max|b|) (0 when both are 0). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!));
  }
  return scale === 0 ? 0 : diff / scale;
}

/** The analytic gradient has the target's shape and matches finite differences of loss(). */
export function expectGrad(analytic: Tensor, target: Tensor, loss: () => number, tol = TOL): void {
  expect([...analytic.shape]).toEqual([...target.shape]);
  const numeric = fdGrad(target, loss);
  expect(analytic.data.length).toBe(numeric.length);
  let scale = 0;
  for (const v of numeric) scale = Math.max(scale, Math.abs(v));
  // A check against an all-zero gradient would prove nothing.
  expect(scale).toBeGreaterThan(1e-3);
  expect(relErr(analytic.data, numeric)).toBeLessThanOrEqual(tol);
}

/** Every element is 0 (−0 included). */
export function expectZero(t: Tensor): void {
  const nonzero = [...t.data].findIndex((v) => v !== 0);
  expect(nonzero, `element ${nonzero} is ${t.data[nonzero]}`).toBe(-1);
}

export function zerosLike(t: Tensor): Tensor {
  return fromArray(t.shape, new Float64Array(t.data.length));
}

/**
 * A forward op under test: its kernel, attributes, inputs and params, and the
 * scalar L = Σ g·f(inputs, params) for a fixed upstream g of f's output shape.
 */
export interface Forward {
  readonly kernel: Kernel;
  readonly attrs: Attrs;
  readonly inputs: readonly Tensor[];
  readonly params: Readonly<Record<string, Tensor>>;
  readonly batch: number;
}

export function run(f: Forward): Tensor {
  return f.kernel(f.inputs, f.attrs, f.params, ctx([], f.batch));
}

/** y = f(…), a random upstream g like y, and L() = Σ g·f(…) read afresh (after perturbations). */
export function setup(f: Forward, r: Rng): { y: Tensor; g: Tensor; loss: () => number } {
  const y = run(f);
  const g = randn(r, y.shape);
  return { y, g, loss: () => dot(g, run(f)) };
}

/** Runs a backward kernel with a context whose outShape is `outShape`. */
export function back(k: Kernel, inputs: readonly Tensor[], attrs: Attrs, params: Readonly<Record<string, Tensor>>, outShape: readonly number[], batch: number): Tensor {
  return k(inputs, attrs, params, ctx(outShape, batch));
}
