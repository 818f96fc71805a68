import { describe, expect, it } from "vitest";
import type { Attrs, TrainSpec } from "../../../core/ir/graph.js";
import { learningRate } from "../../../host/training/schedules.js";

const sched = (kind: string, attrs: Attrs): TrainSpec["schedule"] => ({ kind, attrs });

describe("learning-rate schedules", () => {
  it("no schedule and constant keep the base rate", () => {
    expect(learningRate(0.1, undefined, 7, 10)).toBe(0.1);
    expect(learningRate(0.1, sched("constant", { warmup: 0 }), 3.5, 10)).toBe(0.1);
  });

  it("step: base·gamma^floor(epoch/every), epochs counted from the start", () => {
    // base 0.1, every 30, gamma 0.1: epochs 0–29 → 0.1, 30–59 → 0.01, 60–89 → 0.001
    const s = sched("step", { every: 30, gamma: 0.1, warmup: 0 });
    expect(learningRate(0.1, s, 0, 90)).toBeCloseTo(0.1, 15);
    expect(learningRate(0.1, s, 29.9, 90)).toBeCloseTo(0.1, 15);
    expect(learningRate(0.1, s, 30, 90)).toBeCloseTo(0.01, 15);
    expect(learningRate(0.1, s, 65, 90)).toBeCloseTo(0.001, 15);
    // gamma 0.5, every 2: epoch 5 → floor(2.5) = 2 → 1·0.25
    expect(learningRate(1, sched("step", { every: 2, gamma: 0.5 }), 5, 10)).toBeCloseTo(0.25, 15);
  });

  it("cosine without warm-up", () => {
    // base 1, min 0, T = 10: t = 0 → 1; t = 2.5 → (1 + cos(π/4))/2 = (1 + 0.7071067812)/2 = 0.8535533906;
    // t = 5 → (1 + cos(π/2))/2 = 0.5; t = 10 → 0
    const s = sched("cosine", { min_lr: 0, warmup: 0 });
    expect(learningRate(1, s, 0, 10)).toBeCloseTo(1, 15);
    expect(learningRate(1, s, 2.5, 10)).toBeCloseTo(0.8535533906, 10);
    expect(learningRate(1, s, 5, 10)).toBeCloseTo(0.5, 15);
    expect(learningRate(1, s, 10, 10)).toBeCloseTo(0, 15);
    // past the end it stays at min_lr
    expect(learningRate(1, s, 12, 10)).toBeCloseTo(0, 15);
  });

  it("cosine ends at min_lr", () => {
    // base 1, min 0.1, t = 5 of 10: 0.1 + 0.9·0.5 = 0.55; t = 10: 0.1
    const s = sched("cosine", { min_lr: 0.1 });
    expect(learningRate(1, s, 5, 10)).toBeCloseTo(0.55, 15);
    expect(learningRate(1, s, 10, 10)).toBeCloseTo(0.1, 15);
  });

  it("cosine with warm-up counts t and T after the warm-up", () => {
    // base 1, warmup 2, 12 epochs: e = 0 → 1/3, e = 1 → 2/3, e = 0.5 → 1.5/3 = 0.5 (the ramp);
    // e = 2 → t = 0 → 1; e = 7 → t = 5 of T = 10 → 0.5; e = 12 → 0
    const s = sched("cosine", { min_lr: 0, warmup: 2 });
    expect(learningRate(1, s, 0, 12)).toBeCloseTo(1 / 3, 15);
    expect(learningRate(1, s, 0.5, 12)).toBeCloseTo(0.5, 15);
    expect(learningRate(1, s, 1, 12)).toBeCloseTo(2 / 3, 15);
    expect(learningRate(1, s, 2, 12)).toBeCloseTo(1, 15);
    expect(learningRate(1, s, 7, 12)).toBeCloseTo(0.5, 15);
    expect(learningRate(1, s, 12, 12)).toBeCloseTo(0, 15);
    // the ramp meets the schedule continuously at e = W: just before 2, (2.999…)/3 ≈ 1
    expect(learningRate(1, s, 2 - 1e-9, 12)).toBeCloseTo(1, 8);
  });

  it("warm-up: base·(e + 1)/(W + 1) before epoch W", () => {
    // constant, base 0.5, W = 4: e = 0 → 0.5·1/5 = 0.1, e = 3 → 0.5·4/5 = 0.4, e = 4 → 0.5
    const c = sched("constant", { warmup: 4 });
    expect(learningRate(0.5, c, 0, 10)).toBeCloseTo(0.1, 15);
    expect(learningRate(0.5, c, 3, 10)).toBeCloseTo(0.4, 15);
    expect(learningRate(0.5, c, 4, 10)).toBeCloseTo(0.5, 15);
    // resnet18.net: step(every = 30, gamma = 0.1, warmup = 1), base 0.1:
    // e = 0 → 0.1·1/2 = 0.05, e = 1 → 0.1, e = 30 → 0.01
    const r = sched("step", { every: 30, gamma: 0.1, warmup: 1 });
    expect(learningRate(0.1, r, 0, 90)).toBeCloseTo(0.05, 15);
    expect(learningRate(0.1, r, 1, 90)).toBeCloseTo(0.1, 15);
    expect(learningRate(0.1, r, 30, 90)).toBeCloseTo(0.01, 15);
  });

  it("cosine whose warm-up fills the run stays at the base after the ramp", () => {
    // W = 5 ≥ 5 epochs: T ≤ 0, s = base; e = 4 → 1·5/6
    const s = sched("cosine", { warmup: 5 });
    expect(learningRate(1, s, 4, 5)).toBeCloseTo(5 / 6, 15);
  });

  it("refuses unknown kinds, a missing 'every' and negative epochs", () => {
    expect(() => learningRate(1, sched("linear", {}), 0, 10)).toThrow(/unknown schedule/);
    expect(() => learningRate(1, sched("step", {}), 0, 10)).toThrow(/missing 'every'/);
    expect(() => learningRate(1, undefined, -1, 10)).toThrow(/epoch/);
  });
});
