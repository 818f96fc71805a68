import { describe, expect, it } from "vitest";
import { dropoutKeep, hash32, Rng } from "../../core/tensor/rng.js";

describe("Rng", () => {
  it("is deterministic by seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 8 }, () => a.uniform());
    expect(Array.from({ length: 8 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.uniform())).not.toEqual(xs);
  });

  it("matches the published mulberry32 sequence", () => {
    // mulberry32 written out independently (the common JS one-liner).
    let a = 1;
    const reference = () => {
      a |= 0;
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const r = new Rng(1);
    for (let i = 0; i < 16; i++) expect(r.uniform()).toBe(reference());
  });

  it("uniforms lie in [0, 1) with mean ½; normals have mean 0 and variance 1", () => {
    const r = new Rng(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeGreaterThan(0.98);
    expect(sn2 / n).toBeLessThan(1.02);
  });
});

describe("dropoutKeep", () => {
  it("hash32 is lowbias32", () => {
    // Worked by hand: hash32(0) = 0 (every step maps 0 to 0).
    expect(hash32(0)).toBe(0);
    // The same finaliser written out with BigInt (exact u32 arithmetic).
    const big = (v: number): number => {
      const M = 0xffffffffn;
      let x = BigInt(v >>> 0);
      x ^= x >> 16n;
      x = (x * 0x7feb352dn) & M;
      x ^= x >> 15n;
      x = (x * 0x846ca68bn) & M;
      x ^= x >> 16n;
      return Number(x);
    };
    for (const v of [1, 2, 12345, 0xdeadbeef, 0xffffffff]) expect(hash32(v)).toBe(big(v));
  });

  it("is deterministic, a multiple of 2⁻²⁴ in [0, 1), and differs by step and index", () => {
    expect(dropoutKeep(1, 2, 3)).toBe(dropoutKeep(1, 2, 3));
    const u = dropoutKeep(1, 2, 3);
    expect(u >= 0 && u < 1).toBe(true);
    expect(Number.isInteger(u * 16777216)).toBe(true);
    expect(dropoutKeep(1, 3, 3)).not.toBe(u);
    expect(dropoutKeep(1, 2, 4)).not.toBe(u);
    expect(dropoutKeep(2, 2, 3)).not.toBe(u);
  });

  it("keeps about 1 − rate of the elements", () => {
    let kept = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) if (dropoutKeep(5, 1, i) >= 0.3) kept++;
    expect(kept / n).toBeCloseTo(0.7, 2);
  });
});
