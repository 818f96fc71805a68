// The fixed-std normal init (ParamInit { normal: std }, PyTorch's
// nn.init.normal_(t, std=…)): its InitSpec, and the values sampleParams draws
// from it, checked against the normal distribution's own sampling error.
import { describe, expect, it } from "vitest";
import { specOf } from "../../compiler/passes/init_rules.js";
import { sampleParams } from "../../core/params/init.js";

const shape = [250, 400]; // 100,000 draws
const n = shape[0]! * shape[1]!;

function draw(std: number, seed: number): Float64Array {
  const spec = specOf({ normal: std }, shape, false);
  return sampleParams(new Map([["p", spec]]), new Map([["p", shape]]), seed, "f64").get("p")!.data as Float64Array;
}

function moments(v: Float64Array): { mean: number; std: number } {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length) };
}

describe("normal init with a given std", () => {
  it("is one std over the whole tensor, whatever the network's activations", () => {
    expect(specOf({ normal: 0.02 }, shape, false)).toEqual({ stds: [0.02], block: n });
    expect(specOf({ normal: 0.02 }, shape, true)).toEqual({ stds: [0.02], block: n });
    expect(specOf({ normal: 1 }, [], false)).toEqual({ stds: [1], block: 1 });
  });

  it.each([0.02, 1, 3.5])("draws mean 0 and std %s within sampling error", (std) => {
    const m = moments(draw(std, 11));
    // Standard errors: σ/√n for the mean, σ/√(2n) for the standard deviation; 5 of each.
    expect(Math.abs(m.mean)).toBeLessThan((5 * std) / Math.sqrt(n));
    expect(Math.abs(m.std - std)).toBeLessThan((5 * std) / Math.sqrt(2 * n));
    // A normal has about 4.55% of its mass beyond 2σ (binomial error ≈ 0.066% here).
    const beyond = draw(std, 11).filter((x) => Math.abs(x) > 2 * std).length / n;
    expect(Math.abs(beyond - 0.0455)).toBeLessThan(0.004);
  });

  it("is the same for a seed and differs between seeds", () => {
    expect(draw(0.02, 5)).toEqual(draw(0.02, 5));
    expect(draw(0.02, 5)).not.toEqual(draw(0.02, 6));
  });
});
