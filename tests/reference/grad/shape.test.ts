// sum_to (mul's broadcasting) and slice_grad against finite differences of
// the forward mul and slice kernels.

import { describe, it } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import { kernel as sliceGrad } from "../../../ops/slice_grad/reference.js";
import { kernel as sumTo } from "../../../ops/sum_to/reference.js";
import { kernel as mul } from "../../../ops/mul/reference.js";
import { kernel as slice } from "../../../ops/slice/reference.js";
import { back, ctx, expectGrad, expectZero, randn, rng, setup, zerosLike } from "./fd.js";

const N = 2;

describe("sum_to for mul's broadcasting", () => {
  const cases: { a: number[]; b: number[] }[] = [
    { a: [3], b: [3, 4, 5] },
    { a: [3, 4, 5], b: [3] },
    { a: [3, 1, 5], b: [3, 4, 5] },
    { a: [3, 1, 1], b: [3, 4, 5] },
    { a: [1, 4, 5], b: [3, 4, 5] },
    { a: [3, 4], b: [3, 4, 5] },
    { a: [3, 4, 5], b: [3, 4, 5] },
  ];
  cases.forEach((c, idx) => {
    it(`[${c.a.join(", ")}] · [${c.b.join(", ")}]`, () => {
      const r = rng(1500 + idx);
      const a = randn(r, [N, ...c.a]);
      const b = randn(r, [N, ...c.b]);
      const { y, g, loss } = setup({ kernel: mul, attrs: {}, inputs: [a, b], params: {}, batch: N }, r);
      // The mul rule: da = sum_to(mul(dy, b), a's shape), db = sum_to(mul(dy, a), b's shape).
      const gb = mul([g, b], {}, {}, ctx(y.shape, N));
      const ga = mul([g, a], {}, {}, ctx(y.shape, N));
      expectGrad(back(sumTo, [gb], { shape: c.a }, {}, a.shape, N), a, loss);
      expectGrad(back(sumTo, [ga], { shape: c.b }, {}, b.shape, N), b, loss);
      expectZero(back(sumTo, [zerosLike(g)], { shape: c.a }, {}, a.shape, N));
    });
  });
});

describe("slice_grad", () => {
  const cases: { in: number[]; start: number; end: number; axis: number }[] = [
    { in: [6, 3, 4], start: 2, end: 5, axis: 0 },
    { in: [6, 3, 4], start: 0, end: 1, axis: 1 },
    { in: [6, 3, 4], start: 1, end: 4, axis: 2 },
    { in: [7], start: 3, end: 7, axis: 0 },
  ];
  cases.forEach((c, idx) => {
    it(`[${c.in.join(", ")}] axis ${c.axis} [${c.start}, ${c.end})`, () => {
      const r = rng(1600 + idx);
      const attrs: Attrs = { start: c.start, end: c.end, axis: c.axis };
      const x = randn(r, [N, ...c.in]);
      const { g, loss } = setup({ kernel: slice, attrs, inputs: [x], params: {}, batch: N }, r);
      const gAttrs: Attrs = { ...attrs, in_shape: c.in };
      // Only the sliced part has a gradient: FD gives exact zeros elsewhere, compared as such.
      expectGrad(back(sliceGrad, [g], gAttrs, {}, x.shape, N), x, loss);
      expectZero(back(sliceGrad, [zerosLike(g)], gAttrs, {}, x.shape, N));
    });
  });
});
