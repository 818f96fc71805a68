// Loss ops: each value kernel on hand-checked cases, and each *_grad kernel
// against finite differences of weight × the value kernel; weighted_sum.

import { describe, expect, it } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import type { Kernel } from "../../../ops/reference_kernel.js";
import { kernel as bce } from "../../../ops/bce/reference.js";
import { kernel as bceGrad } from "../../../ops/bce_grad/reference.js";
import { kernel as crossEntropy } from "../../../ops/cross_entropy/reference.js";
import { kernel as crossEntropyGrad } from "../../../ops/cross_entropy_grad/reference.js";
import { kernel as mse } from "../../../ops/mse/reference.js";
import { kernel as mseGrad } from "../../../ops/mse_grad/reference.js";
import { kernel as smoothL1 } from "../../../ops/smooth_l1/reference.js";
import { kernel as smoothL1Grad } from "../../../ops/smooth_l1_grad/reference.js";
import { kernel as weightedSum } from "../../../ops/weighted_sum/reference.js";
import { fromArray, sizeOf, type Tensor } from "../../../core/tensor/tensor.js";
import { ctx, expectGrad, expectZero, randn, rng, uniform } from "./fd.js";
import type { Rng } from "../../../core/tensor/rng.js";

const N = 3;
const WEIGHT = 0.7;

function value(k: Kernel, inputs: readonly Tensor[], attrs: Attrs): number {
  const out = k(inputs, attrs, {}, ctx([], inputs[0]!.shape[0]!));
  expect([...out.shape]).toEqual([]);
  expect(out.data.length).toBe(1);
  return out.data[0]!;
}

function labels(r: Rng, shape: readonly number[], k: number): Tensor {
  const v = new Float64Array(sizeOf(shape));
  for (let i = 0; i < v.length; i++) v[i] = Math.floor(r.uniform() * k);
  return fromArray(shape, v);
}

/** grad(inputs, attrs + weight) against FD of weight × value(inputs, attrs) w.r.t. inputs[0]. */
function checkLossGrad(valueKernel: Kernel, gradKernel: Kernel, inputs: readonly Tensor[], attrs: Attrs): void {
  const x = inputs[0]!;
  const dx = gradKernel(inputs, { ...attrs, weight: WEIGHT }, {}, ctx(x.shape, N));
  expectGrad(dx, x, () => WEIGHT * value(valueKernel, inputs, attrs));
  // Weight 0 gives no gradient (the zero-upstream case of a loss).
  expectZero(gradKernel(inputs, { ...attrs, weight: 0 }, {}, ctx(x.shape, N)));
}

describe("cross_entropy", () => {
  const cases: { name: string; shape: number[]; smoothing: number }[] = [
    { name: "[K]", shape: [5], smoothing: 0 },
    { name: "[K], label smoothing 0.1", shape: [5], smoothing: 0.1 },
    { name: "[K, H, W]", shape: [4, 3, 2], smoothing: 0 },
    { name: "[K, H, W], label smoothing 0.2", shape: [4, 3, 2], smoothing: 0.2 },
  ];
  cases.forEach((c, idx) => {
    it(`gradient, ${c.name}`, () => {
      const r = rng(1700 + idx);
      const logits = randn(r, [N, ...c.shape]);
      const label = labels(r, [N, ...c.shape.slice(1)], c.shape[0]!);
      checkLossGrad(crossEntropy, crossEntropyGrad, [logits, label], { smoothing: c.smoothing });
    });
  });

  it("value: −log softmax at the label, mean over batch and positions", () => {
    // Sample 0: logits [0, ln 3] → softmax [1/4, 3/4]; label 1 → −ln(3/4). Sample 1: label 0 → −ln(1/4).
    const logits = fromArray([2, 2], [0, Math.log(3), 0, Math.log(3)]);
    const label = fromArray([2], [1, 0]);
    expect(value(crossEntropy, [logits, label], { smoothing: 0 })).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 12);
    // Smoothing s: q = (1 − s)·onehot + s/K.
    const s = 0.2;
    const q1 = [s / 2, 1 - s + s / 2];
    const q0 = [1 - s + s / 2, s / 2];
    const ls = [Math.log(0.25), Math.log(0.75)];
    const expected = (-(q1[0]! * ls[0]! + q1[1]! * ls[1]!) - (q0[0]! * ls[0]! + q0[1]! * ls[1]!)) / 2;
    expect(value(crossEntropy, [logits, label], { smoothing: s })).toBeCloseTo(expected, 12);
  });

  it("value: uniform logits give ln K at every position; large logits stay finite", () => {
    const logits = fromArray([1, 3, 1, 2], new Array<number>(6).fill(7));
    expect(value(crossEntropy, [logits, fromArray([1, 1, 2], [0, 2])], { smoothing: 0 })).toBeCloseTo(Math.log(3), 12);
    const big = fromArray([1, 2], [1000, -1000]);
    expect(value(crossEntropy, [big, fromArray([1], [1])], { smoothing: 0 })).toBeCloseTo(2000, 9);
    const g = crossEntropyGrad([big, fromArray([1], [1])], { smoothing: 0, weight: 1 }, {}, ctx([1, 2], 1));
    expect([...g.data]).toEqual([1, -1]);
  });
});

describe("bce", () => {
  it("gradient", () => {
    const r = rng(1800);
    const x = randn(r, [N, 2, 3]);
    const t = uniform(r, [N, 2, 3], 0, 1);
    checkLossGrad(bce, bceGrad, [x, t], {});
  });

  it("value: log 2 at x = 0, stable for large |x|", () => {
    expect(value(bce, [fromArray([2, 1], [0, 0]), fromArray([2, 1], [0, 1])], {})).toBeCloseTo(Math.log(2), 12);
    // x = 50, t = 0 → 50 (+ tiny); x = −50, t = 0 → ~0. Mean 25.
    expect(value(bce, [fromArray([1, 2], [50, -50]), fromArray([1, 2], [0, 0])], {})).toBeCloseTo(25, 9);
    const x = 0.3;
    const t = 0.8;
    const direct = -(t * Math.log(1 / (1 + Math.exp(-x))) + (1 - t) * Math.log(1 - 1 / (1 + Math.exp(-x))));
    expect(value(bce, [fromArray([1], [x]), fromArray([1], [t])], {})).toBeCloseTo(direct, 12);
  });
});

describe("mse", () => {
  it("gradient", () => {
    const r = rng(1900);
    const x = randn(r, [N, 4]);
    const t = randn(r, [N, 4]);
    checkLossGrad(mse, mseGrad, [x, t], {});
  });

  it("value: mean of squares over batch and elements", () => {
    expect(value(mse, [fromArray([2, 2], [1, 2, 3, 4]), fromArray([2, 2], [0, 0, 1, 1])], {})).toBeCloseTo((1 + 4 + 4 + 9) / 4, 12);
  });
});

describe("smooth_l1", () => {
  [1, 0.5].forEach((beta, idx) => {
    it(`gradient, beta ${beta}`, () => {
      const r = rng(2000 + idx);
      const t = randn(r, [N, 3, 2]);
      const x = fromArray(t.shape, t.data);
      // d = x − t on both sides of β, kept off the kinks at |d| = β and d = 0.
      for (let i = 0; i < x.data.length; i++) {
        let d = 4 * (r.uniform() - 0.5);
        while (Math.abs(Math.abs(d) - beta) < 0.05 || Math.abs(d) < 0.05) d = 4 * (r.uniform() - 0.5);
        x.data[i] = t.data[i]! + d;
      }
      checkLossGrad(smoothL1, smoothL1Grad, [x, t], { beta });
    });
  });

  it("value: quadratic inside beta, linear outside", () => {
    const x = fromArray([1, 3], [0.5, -3, 2]);
    const t = fromArray([1, 3], [0, 0, 0]);
    // beta 1: 0.5·0.25 = 0.125; 3 − 0.5 = 2.5; 2 − 0.5 = 1.5.
    expect(value(smoothL1, [x, t], { beta: 1 })).toBeCloseTo((0.125 + 2.5 + 1.5) / 3, 12);
  });
});

describe("weighted_sum", () => {
  it("Σ w_i·l_i over scalar losses", () => {
    const a = fromArray([], [2]);
    const b = fromArray([], [3]);
    const out = weightedSum([a, b], { weights: [0.5, 2] }, {}, ctx([], 4));
    expect([...out.shape]).toEqual([]);
    expect(out.data[0]).toBe(7);
    expect(weightedSum([b], { weights: [1.5] }, {}, ctx([], 4)).data[0]).toBe(4.5);
  });
});
