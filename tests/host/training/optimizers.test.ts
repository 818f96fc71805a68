import { describe, expect, it } from "vitest";
import type { Attrs, TrainSpec } from "../../../core/ir/graph.js";
import { excludedFromDecay, optimizerHyper, type OptimParam } from "../../../core/optim/optimizers.js";
import { createOptimizer, type Vec } from "../../../host/training/optimizers.js";

const spec = (kind: string, attrs: Attrs): TrainSpec["optimizer"] => ({ kind, attrs });
const w = (name: string, size: number, extra: Partial<OptimParam> = {}): OptimParam => ({ name, kind: "weight", size, ...extra });
const vals = (xs: number[]): Map<string, Vec> => new Map([["w", Float64Array.from(xs)]]);
const close = (got: ArrayLike<number>, want: number[], digits = 12) => {
  expect(got.length).toBe(want.length);
  want.forEach((x, i) => expect(got[i]).toBeCloseTo(x, digits));
};

describe("sgd", () => {
  it("plain sgd: p ← p − lr·g", () => {
    // p = [1, 2], g = [0.5, −1], lr = 0.1 → [1 − 0.05, 2 + 0.1] = [0.95, 2.1]
    const opt = createOptimizer(spec("sgd", { lr: 0.1 }), [w("w", 2)]);
    const p = vals([1, 2]);
    opt.step(p, vals([0.5, -1]), 0.1);
    close(p.get("w")!, [0.95, 2.1]);
    expect(opt.state().size).toBe(0);
  });

  it("momentum: the first step's buffer is the gradient, then buf = μ·buf + g", () => {
    // μ = 0.9, lr = 0.1, p = [1, 2]
    // step 1, g = [0.5, −1]: buf = [0.5, −1]; p = [1 − 0.05, 2 + 0.1] = [0.95, 2.1]
    // step 2, g = [1, 1]:   buf = 0.9·[0.5, −1] + [1, 1] = [1.45, 0.1]
    //                       p = [0.95 − 0.145, 2.1 − 0.01] = [0.805, 2.09]
    const opt = createOptimizer(spec("sgd", { lr: 0.1, momentum: 0.9 }), [w("w", 2)]);
    const p = vals([1, 2]);
    opt.step(p, vals([0.5, -1]), 0.1);
    close(p.get("w")!, [0.95, 2.1]);
    close(opt.state().get("w/momentum_buffer")!, [0.5, -1]);
    opt.step(p, vals([1, 1]), 0.1);
    close(p.get("w")!, [0.805, 2.09]);
    close(opt.state().get("w/momentum_buffer")!, [1.45, 0.1]);
  });

  it("nesterov: the step is g + μ·buf", () => {
    // step 1: buf = [0.5, −1]; d = [0.5 + 0.45, −1 − 0.9] = [0.95, −1.9]; p = [1 − 0.095, 2 + 0.19] = [0.905, 2.19]
    // step 2: buf = [1.45, 0.1]; d = [1 + 1.305, 1 + 0.09] = [2.305, 1.09]; p = [0.905 − 0.2305, 2.19 − 0.109] = [0.6745, 2.081]
    const opt = createOptimizer(spec("sgd", { lr: 0.1, momentum: 0.9, nesterov: true }), [w("w", 2)]);
    const p = vals([1, 2]);
    opt.step(p, vals([0.5, -1]), 0.1);
    close(p.get("w")!, [0.905, 2.19]);
    opt.step(p, vals([1, 1]), 0.1);
    close(p.get("w")!, [0.6745, 2.081]);
  });

  it("weight decay is L2 added to the gradient before momentum", () => {
    // wd = 0.1, μ = 0.9, lr = 0.1, p = [1, 2]
    // step 1, g = [0.5, −1]: g' = [0.5 + 0.1, −1 + 0.2] = [0.6, −0.8] = buf; p = [0.94, 2.08]
    // step 2, g = [1, 1]:   g' = [1 + 0.094, 1 + 0.208] = [1.094, 1.208]
    //                       buf = [0.54 + 1.094, −0.72 + 1.208] = [1.634, 0.488]
    //                       p = [0.94 − 0.1634, 2.08 − 0.0488] = [0.7766, 2.0312]
    const opt = createOptimizer(spec("sgd", { lr: 0.1, momentum: 0.9, weight_decay: 0.1 }), [w("w", 2)]);
    const p = vals([1, 2]);
    opt.step(p, vals([0.5, -1]), 0.1);
    close(p.get("w")!, [0.94, 2.08]);
    opt.step(p, vals([1, 1]), 0.1);
    close(p.get("w")!, [0.7766, 2.0312]);
  });

  it("uses the lr passed to step, not the attribute (the schedule owns it)", () => {
    // lr = 0.5: p = 1 − 0.5·2 = 0
    const opt = createOptimizer(spec("sgd", { lr: 0.1 }), [w("w", 1)]);
    const p = vals([1]);
    opt.step(p, vals([2]), 0.5);
    close(p.get("w")!, [0]);
  });

  it("updates a Float32Array in place, rounding to float32", () => {
    // 1 − 0.1·0.3 = 0.97, stored as the nearest float32
    const opt = createOptimizer(spec("sgd", { lr: 0.1 }), [w("w", 1)]);
    const p = new Map<string, Vec>([["w", Float32Array.of(1)]]);
    opt.step(p, new Map([["w", Float32Array.of(0.3)]]), 0.1);
    expect(p.get("w")![0]).toBe(Math.fround(0.97));
  });
});

describe("adam and adamw", () => {
  it("adam's first step moves each weight by ≈ lr·sign(g)", () => {
    // t = 1: m̂ = g, v̂ = g², so Δ = lr·g / (|g| + ε) ≈ lr·sign(g); g = 0 gives m = 0, no move.
    // lr = 0.01: [1 − 0.01, 2 + 0.01, 3] = [0.99, 2.01, 3] (within lr·ε/|g| ≈ 2e-10)
    const opt = createOptimizer(spec("adam", {}), [w("w", 3)]);
    const p = vals([1, 2, 3]);
    opt.step(p, vals([0.5, -2, 0]), 0.01);
    close(p.get("w")!, [0.99, 2.01, 3], 8);
    const s = opt.state();
    close(s.get("w/exp_avg")!, [0.05, -0.2, 0]); // (1 − 0.9)·g
    close(s.get("w/exp_avg_sq")!, [0.00025, 0.004, 0]); // (1 − 0.999)·g²
    close(s.get("w/step")!, [1]);
  });

  it("adam's second step follows the bias-corrected formula", () => {
    // β1 = 0.9, β2 = 0.999, ε = 1e-8, lr = 0.1, p = 1
    // step 1, g = 1:   m = 0.1, v = 0.001, m̂ = 1, v̂ = 1, p = 1 − 0.1·1/(1 + 1e-8) = 0.900000001
    // step 2, g = 0.5: m = 0.09 + 0.05 = 0.14;  v = 0.000999 + 0.00025 = 0.001249
    //   1 − β1² = 0.19, 1 − β2² = 0.001999
    //   m̂ = 0.14/0.19 = 0.7368421053, √v̂ = √(0.001249/0.001999) = √0.6248124062 = 0.7904507614
    //   p = 0.900000001 − 0.1·0.7368421053/(0.7904507614 + 1e-8) = 0.900000001 − 0.0932179627 = 0.8067820383
    const opt = createOptimizer(spec("adam", { lr: 0.1 }), [w("w", 1)]);
    const p = vals([1]);
    opt.step(p, vals([1]), 0.1);
    close(p.get("w")!, [0.900000001], 12);
    opt.step(p, vals([0.5]), 0.1);
    close(p.get("w")!, [0.8067820383], 9);
  });

  it("adam's weight decay is L2 through the adaptive step, adamw's is decoupled", () => {
    // p = 1, g = 0, wd = 0.1, lr = 0.01
    // adam:  g' = 0 + 0.1·1 = 0.1, first step moves by ≈ lr·sign(g') → 1 − 0.01 = 0.99
    // adamw: p ← 1·(1 − 0.01·0.1) = 0.999; g = 0 gives m = 0, no Adam move → 0.999
    const adam = createOptimizer(spec("adam", { weight_decay: 0.1 }), [w("w", 1)]);
    const adamw = createOptimizer(spec("adamw", { weight_decay: 0.1 }), [w("w", 1)]);
    const pa = vals([1]);
    const pw = vals([1]);
    adam.step(pa, vals([0]), 0.01);
    adamw.step(pw, vals([0]), 0.01);
    close(pa.get("w")!, [0.99], 8);
    close(pw.get("w")!, [0.999]);
  });

  it("adamw decays then applies the adam step", () => {
    // p = 2, g = 1, wd = 0.5, lr = 0.1: p ← 2·(1 − 0.05) = 1.9, then − 0.1·1/(1 + 1e-8) → 1.8 (to 1e-9)
    const opt = createOptimizer(spec("adamw", { weight_decay: 0.5 }), [w("w", 1)]);
    const p = vals([2]);
    opt.step(p, vals([1]), 0.1);
    close(p.get("w")!, [1.8], 8);
  });

  it("fills the documented defaults (adamw decays 0.01 by default)", () => {
    expect(optimizerHyper(spec("adamw", {}))).toEqual({ kind: "adamw", lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decayAll: true });
    expect(optimizerHyper(spec("adam", {})).weightDecay).toBe(0);
    expect(() => optimizerHyper(spec("sgd", {}))).toThrow(/missing 'lr'/);
    expect(() => optimizerHyper(spec("rmsprop", { lr: 1 }))).toThrow(/unknown optimizer/);
  });
});

describe("which parameters change", () => {
  const params: OptimParam[] = [
    { name: "fc.weight", kind: "weight", size: 2, shape: [1, 2] },
    { name: "fc.bias", kind: "bias", size: 1, shape: [1] },
    { name: "bn.weight", kind: "weight", size: 1, shape: [1] }, // a BN γ: rank 1
    { name: "odd.bias", kind: "weight", size: 1 }, // excluded by its name alone
    { name: "bn.running_mean", kind: "buffer", size: 1, shape: [1], trainable: false },
    { name: "frozen.weight", kind: "weight", size: 2, shape: [2, 1], trainable: false },
  ];
  const fresh = () =>
    new Map<string, Vec>(params.map((p) => [p.name, new Float64Array(p.size).fill(1)]));
  const zeroGrads = () => new Map<string, Vec>(params.map((p) => [p.name, new Float64Array(p.size)]));

  it("the exclusion rule: biases by kind or name, and rank ≤ 1 shapes", () => {
    expect(params.map((p) => excludedFromDecay(p))).toEqual([false, true, true, true, true, false]);
  });

  it("decay_all = false leaves biases and norm weights undecayed", () => {
    // sgd, wd = 0.5, lr = 0.1, g = 0: a decayed weight goes 1 → 1 − 0.1·0.5·1 = 0.95
    const opt = createOptimizer(spec("sgd", { lr: 0.1, weight_decay: 0.5, decay_all: false }), params);
    const p = fresh();
    opt.step(p, zeroGrads(), 0.1);
    close(p.get("fc.weight")!, [0.95, 0.95]);
    close(p.get("fc.bias")!, [1]);
    close(p.get("bn.weight")!, [1]);
    close(p.get("odd.bias")!, [1]);
    close(p.get("bn.running_mean")!, [1]);
    close(p.get("frozen.weight")!, [1, 1]);
  });

  it("decay_all = true decays every trainable parameter, never buffers or frozen ones", () => {
    const opt = createOptimizer(spec("sgd", { lr: 0.1, weight_decay: 0.5 }), params);
    const p = fresh();
    opt.step(p, zeroGrads(), 0.1);
    for (const n of ["fc.weight", "fc.bias", "bn.weight", "odd.bias"]) for (const x of p.get(n)!) expect(x).toBeCloseTo(0.95, 12);
    close(p.get("bn.running_mean")!, [1]);
    close(p.get("frozen.weight")!, [1, 1]);
  });

  it("decay_all = false also holds for adamw's decoupled decay", () => {
    // g = 0: fc.weight 1·(1 − 0.1·0.5) = 0.95, fc.bias stays 1
    const opt = createOptimizer(spec("adamw", { weight_decay: 0.5, decay_all: false }), params);
    const p = fresh();
    opt.step(p, zeroGrads(), 0.1);
    close(p.get("fc.weight")!, [0.95, 0.95]);
    close(p.get("fc.bias")!, [1]);
  });

  it("frozen parameters are not updated even with a gradient", () => {
    const opt = createOptimizer(spec("sgd", { lr: 1 }), params);
    const p = fresh();
    const g = zeroGrads();
    g.get("frozen.weight")!.fill(3);
    opt.step(p, g, 1);
    close(p.get("frozen.weight")!, [1, 1]);
  });

  it("skips a trainable parameter without a gradient, as PyTorch does for grad None", () => {
    const opt = createOptimizer(spec("sgd", { lr: 0.1, momentum: 0.9, weight_decay: 0.5 }), [w("a", 1), w("b", 1)]);
    const p = new Map<string, Vec>([["a", Float64Array.of(1)], ["b", Float64Array.of(1)]]);
    opt.step(p, new Map([["a", Float64Array.of(0)]]), 0.1);
    close(p.get("a")!, [0.95]);
    close(p.get("b")!, [1]);
    expect([...opt.state().keys()]).toEqual(["a/momentum_buffer"]);
  });

  it("refuses wrong sizes and missing parameter values", () => {
    const opt = createOptimizer(spec("sgd", { lr: 0.1 }), [w("w", 2)]);
    expect(() => opt.step(vals([1]), vals([1]), 0.1)).toThrow(/1 values, expected 2/);
    expect(() => opt.step(vals([1, 2]), vals([1]), 0.1)).toThrow(/gradient of 'w'/);
    expect(() => opt.step(new Map(), vals([1, 2]), 0.1)).toThrow(/no values/);
  });
});

describe("checkpoints", () => {
  it("sgd: a state saved after step 1 and loaded into a new optimizer continues identically", () => {
    // Same figures as the momentum test: after step 2, p = [0.805, 2.09].
    const a = createOptimizer(spec("sgd", { lr: 0.1, momentum: 0.9 }), [w("w", 2)]);
    const p = vals([1, 2]);
    a.step(p, vals([0.5, -1]), 0.1);
    const saved = a.state();
    saved.get("w/momentum_buffer")![0] = 99; // a copy: does not reach the optimizer
    close(a.state().get("w/momentum_buffer")!, [0.5, -1]);
    saved.get("w/momentum_buffer")![0] = 0.5;
    const b = createOptimizer(spec("sgd", { lr: 0.1, momentum: 0.9 }), [w("w", 2)]);
    b.loadState(saved);
    b.step(p, vals([1, 1]), 0.1);
    close(p.get("w")!, [0.805, 2.09]);
  });

  it("adam: the step count travels with the moments", () => {
    // Same figures as the two-step adam test: 0.8067820383.
    const a = createOptimizer(spec("adam", { lr: 0.1 }), [w("w", 1)]);
    const p = vals([1]);
    a.step(p, vals([1]), 0.1);
    const b = createOptimizer(spec("adam", { lr: 0.1 }), [w("w", 1)]);
    b.loadState(a.state());
    b.step(p, vals([0.5]), 0.1);
    close(p.get("w")!, [0.8067820383], 9);
  });

  it("refuses a state that does not fit", () => {
    const opt = createOptimizer(spec("adam", {}), [w("w", 2)]);
    expect(() => opt.loadState(new Map([["v/exp_avg", new Float64Array(2)]]))).toThrow(/unexpected state entry/);
    expect(() => opt.loadState(new Map([["w/exp_avg", new Float64Array(3)]]))).toThrow(/3 values, expected 2/);
    expect(() => opt.loadState(new Map([["w/exp_avg", new Float64Array(2)]]))).toThrow(/together/);
    expect(() => opt.loadState(new Map([["w/momentum_buffer", new Float64Array(2)]]))).toThrow(/unexpected/);
  });
});
