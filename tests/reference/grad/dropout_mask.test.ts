// dropout_mask: inverted-dropout masks from rng.ts's dropoutKeep.

import { describe, expect, it } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import { kernel as dropoutMask } from "../../../ops/dropout_mask/reference.js";
import { dropoutKeep } from "../../../core/tensor/rng.js";
import { zeros, type Tensor } from "../../../core/tensor/tensor.js";
import { ctx } from "./fd.js";

function mask(shape: readonly number[], attrs: Attrs, step: number): Tensor {
  return dropoutMask([zeros(shape)], attrs, {}, ctx(shape, shape[0]!, step));
}

describe("dropout_mask", () => {
  it("rate 0 keeps everything at 1", () => {
    const m = mask([4, 3, 5], { rate: 0, seed: 7 }, 3);
    expect([...m.shape]).toEqual([4, 3, 5]);
    for (const v of m.data) expect(v).toBe(1);
  });

  it("is the same for the same seed and step, and differs for another step or seed", () => {
    const a = mask([8, 16], { rate: 0.5, seed: 42 }, 5);
    const b = mask([8, 16], { rate: 0.5, seed: 42 }, 5);
    const c = mask([8, 16], { rate: 0.5, seed: 42 }, 6);
    const d = mask([8, 16], { rate: 0.5, seed: 43 }, 5);
    expect([...a.data]).toEqual([...b.data]);
    expect([...a.data]).not.toEqual([...c.data]);
    expect([...a.data]).not.toEqual([...d.data]);
  });

  it("keeps element i of the batched tensor when dropoutKeep(seed, step, i) ≥ rate", () => {
    const m = mask([3, 2, 4], { rate: 0.4, seed: 9 }, 11);
    for (let i = 0; i < m.data.length; i++) {
      expect(m.data[i]).toBe(dropoutKeep(9, 11, i) >= 0.4 ? 1 / 0.6 : 0);
    }
  });

  [0.1, 0.3, 0.5, 0.8].forEach((rate) => {
    it(`rate ${rate}: kept fraction ≈ 1 − rate on 10⁵ elements, kept values 1/(1 − rate)`, () => {
      const m = mask([10, 10_000], { rate, seed: 1234 }, 2);
      let kept = 0;
      let odd = 0;
      for (const v of m.data) {
        if (v === 0) continue;
        if (v !== 1 / (1 - rate)) odd++;
        kept++;
      }
      expect(odd).toBe(0);
      // Binomial standard deviation √(r(1−r)/n) ≤ 0.0016: 0.01 is over 6σ.
      expect(Math.abs(kept / m.data.length - (1 - rate))).toBeLessThan(0.01);
    });
  });

  it("does not read x's values", () => {
    const x = zeros([2, 3]);
    x.data.fill(5);
    const a = dropoutMask([x], { rate: 0.5, seed: 1 }, {}, ctx([2, 3], 2, 0));
    expect([...a.data]).toEqual([...mask([2, 3], { rate: 0.5, seed: 1 }, 0).data]);
  });
});
