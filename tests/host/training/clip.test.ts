import { describe, expect, it } from "vitest";
import { clipGradNorm } from "../../../host/training/clip.js";
import type { Vec } from "../../../host/training/optimizers.js";

describe("clipGradNorm", () => {
  it("scales a [3, 4] gradient with max 1 to [0.6, 0.8]", () => {
    // norm = √(9 + 16) = 5; scale = 1/(5 + 1e-6) = 0.19999996; g = [0.59999988, 0.79999976]
    const g = Float64Array.of(3, 4);
    const r = clipGradNorm(new Map<string, Vec>([["w", g]]), 1);
    expect(r.norm).toBe(5);
    expect(r.scale).toBeCloseTo(0.19999996, 12);
    expect(g[0]).toBeCloseTo(0.6, 6);
    expect(g[1]).toBeCloseTo(0.8, 6);
    expect(g[0]).toBeCloseTo(0.59999988, 12);
  });

  it("takes one norm over every gradient", () => {
    // a = [1, 2], b = [2]: norm = √(1 + 4 + 4) = 3; max 1.5 → scale ≈ 0.5 → a ≈ [0.5, 1], b ≈ [1]
    const a = Float64Array.of(1, 2);
    const b = Float32Array.of(2);
    const r = clipGradNorm(new Map<string, Vec>([["a", a], ["b", b]]), 1.5);
    expect(r.norm).toBe(3);
    expect(r.scale).toBeCloseTo(0.5, 6);
    expect([...a].map((x) => +x.toFixed(5))).toEqual([0.5, 1]);
    expect(b[0]).toBeCloseTo(1, 5);
  });

  it("leaves a gradient under the limit untouched", () => {
    // norm 3 ≤ 6: scale = min(1, 6/3.000001) = 1
    const a = Float64Array.of(1, 2);
    const b = Float64Array.of(2);
    const r = clipGradNorm(new Map<string, Vec>([["a", a], ["b", b]]), 6);
    expect(r).toEqual({ norm: 3, scale: 1 });
    expect([...a, ...b]).toEqual([1, 2, 2]);
  });

  it("follows PyTorch on a non-finite norm and refuses a bad limit", () => {
    const g = Float64Array.of(Infinity, 1);
    const r = clipGradNorm(new Map<string, Vec>([["w", g]]), 1);
    expect(r.norm).toBe(Infinity);
    expect(r.scale).toBe(0);
    expect(Number.isNaN(g[0])).toBe(true); // ∞·0
    expect(g[1]).toBe(0);
    expect(() => clipGradNorm(new Map(), 0)).toThrow(/maxNorm/);
  });
});
