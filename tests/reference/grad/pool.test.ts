// Pooling and resampling: maxpool, avgpool, adaptive_avgpool, gap, gmp and
// upsample gradients against finite differences of the forward kernels.

import { describe, expect, it } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import { kernel as adaptiveAvgpool } from "../../../ops/adaptive_avgpool/reference.js";
import { kernel as avgpool } from "../../../ops/avgpool/reference.js";
import { kernel as gap } from "../../../ops/gap/reference.js";
import { kernel as gmp } from "../../../ops/gmp/reference.js";
import { kernel as adaptiveAvgpoolGrad } from "../../../ops/adaptive_avgpool_grad/reference.js";
import { kernel as avgpoolGrad } from "../../../ops/avgpool_grad/reference.js";
import { kernel as gapGrad } from "../../../ops/gap_grad/reference.js";
import { kernel as gmpGrad } from "../../../ops/gmp_grad/reference.js";
import { kernel as maxpoolGrad } from "../../../ops/maxpool_grad/reference.js";
import { kernel as upsampleGrad } from "../../../ops/upsample_grad/reference.js";
import { kernel as maxpool } from "../../../ops/maxpool/reference.js";
import { kernel as upsample } from "../../../ops/upsample/reference.js";
import { fromArray } from "../../../core/tensor/tensor.js";
import { back, distinct, expectGrad, expectZero, randn, rng, setup, zerosLike } from "./fd.js";

const N = 2;

describe("maxpool_grad", () => {
  const cases: { name: string; in: [number, number, number]; attrs: Attrs }[] = [
    { name: "2×2, stride null (= kernel)", in: [2, 6, 6], attrs: { kernel: [2, 2], stride: null, padding: [0, 0], dilation: [1, 1], ceil: false } },
    { name: "3×3 stride 2 overlapping, padding 1", in: [2, 7, 6], attrs: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceil: false } },
    { name: "ceil mode, odd size", in: [2, 7, 5], attrs: { kernel: [2, 2], stride: null, padding: [0, 0], dilation: [1, 1], ceil: true } },
    { name: "ceil mode with padding", in: [2, 8, 7], attrs: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceil: true } },
    { name: "dilation 2, anisotropic", in: [2, 9, 8], attrs: { kernel: [3, 2], stride: [1, 2], padding: [1, 0], dilation: [2, 2], ceil: false } },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(1000 + idx);
      const x = distinct(r, [N, ...c.in]);
      const { g, loss } = setup({ kernel: maxpool, attrs: c.attrs, inputs: [x], params: {}, batch: N }, r);
      expectGrad(back(maxpoolGrad, [x, g], c.attrs, {}, x.shape, N), x, loss);
      expectZero(back(maxpoolGrad, [x, zerosLike(g)], c.attrs, {}, x.shape, N));
    });
  });

  it("routes to the first maximum on ties, and padding never wins", () => {
    const attrs: Attrs = { kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceil: false };
    // A constant negative map: every window ties; the -inf padding must lose.
    const x = fromArray([1, 1, 3, 3], new Array<number>(9).fill(-2));
    const dy = fromArray([1, 1, 2, 2], [1, 10, 100, 1000]);
    const dx = back(maxpoolGrad, [x, dy], attrs, {}, x.shape, 1);
    // Window (0,0) covers rows/cols −1..1: first real pixel (0,0). Window (0,1): cols 1..3 → (0,1).
    // Window (1,0): rows 1..3 → (1,0). Window (1,1) → (1,1).
    expect([...dx.data]).toEqual([1, 10, 0, 100, 1000, 0, 0, 0, 0]);
  });
});

describe("avgpool_grad", () => {
  const base = { dilation: [1, 1] };
  const cases: { name: string; in: [number, number, number]; attrs: Attrs }[] = [
    { name: "2×2, stride null", in: [2, 6, 4], attrs: { kernel: [2, 2], stride: null, padding: [0, 0], ceil: false, count_include_pad: true } },
    { name: "padding 1, count_include_pad true", in: [2, 7, 6], attrs: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceil: false, count_include_pad: true } },
    { name: "padding 1, count_include_pad false", in: [2, 7, 6], attrs: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceil: false, count_include_pad: false } },
    { name: "ceil, count_include_pad true", in: [2, 8, 7], attrs: { kernel: [3, 2], stride: [2, 2], padding: [1, 1], ceil: true, count_include_pad: true } },
    { name: "ceil, count_include_pad false", in: [2, 8, 7], attrs: { kernel: [3, 2], stride: [2, 2], padding: [1, 1], ceil: true, count_include_pad: false } },
    { name: "ceil without padding, odd size", in: [2, 5, 7], attrs: { kernel: [2, 2], stride: null, padding: [0, 0], ceil: true, count_include_pad: true } },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(1100 + idx);
      const x = randn(r, [N, ...c.in]);
      const { g, loss } = setup({ kernel: avgpool, attrs: { ...c.attrs, ...base }, inputs: [x], params: {}, batch: N }, r);
      const gAttrs: Attrs = { ...c.attrs, in_shape: c.in };
      expectGrad(back(avgpoolGrad, [g], gAttrs, {}, x.shape, N), x, loss);
      expectZero(back(avgpoolGrad, [zerosLike(g)], gAttrs, {}, x.shape, N));
    });
  });
});

describe("adaptive_avgpool_grad", () => {
  const cases: { in: [number, number, number]; size: [number, number] }[] = [
    { in: [2, 6, 6], size: [3, 2] },
    { in: [2, 7, 5], size: [3, 4] },
    { in: [2, 5, 5], size: [4, 3] },
    { in: [2, 3, 4], size: [5, 6] },
    { in: [2, 4, 5], size: [1, 1] },
  ];
  cases.forEach((c, idx) => {
    it(`[${c.in.join(", ")}] to ${c.size.join("×")}`, () => {
      const r = rng(1200 + idx);
      const x = randn(r, [N, ...c.in]);
      const attrs: Attrs = { size: c.size };
      const { g, loss } = setup({ kernel: adaptiveAvgpool, attrs, inputs: [x], params: {}, batch: N }, r);
      const gAttrs: Attrs = { ...attrs, in_shape: c.in };
      expectGrad(back(adaptiveAvgpoolGrad, [g], gAttrs, {}, x.shape, N), x, loss);
      expectZero(back(adaptiveAvgpoolGrad, [zerosLike(g)], gAttrs, {}, x.shape, N));
    });
  });
});

describe("gap_grad and gmp_grad", () => {
  it("gap", () => {
    const r = rng(1300);
    const shape: [number, number, number] = [3, 4, 5];
    const x = randn(r, [N, ...shape]);
    const { g, loss } = setup({ kernel: gap, attrs: {}, inputs: [x], params: {}, batch: N }, r);
    expectGrad(back(gapGrad, [g], { in_shape: shape }, {}, x.shape, N), x, loss);
    expectZero(back(gapGrad, [zerosLike(g)], { in_shape: shape }, {}, x.shape, N));
  });

  it("gmp", () => {
    const r = rng(1301);
    const x = distinct(r, [N, 3, 4, 5]);
    const { g, loss } = setup({ kernel: gmp, attrs: {}, inputs: [x], params: {}, batch: N }, r);
    expectGrad(back(gmpGrad, [x, g], {}, {}, x.shape, N), x, loss);
    expectZero(back(gmpGrad, [x, zerosLike(g)], {}, {}, x.shape, N));
  });

  it("gmp routes to the first maximum on ties", () => {
    const x = fromArray([1, 1, 2, 2], [0, 3, 3, 1]);
    const dx = back(gmpGrad, [x, fromArray([1, 1], [5])], {}, {}, x.shape, 1);
    expect([...dx.data]).toEqual([0, 5, 0, 0]);
  });
});

describe("upsample_grad", () => {
  const cases: { mode: string; scale: [number, number]; in: [number, number, number] }[] = [
    { mode: "nearest", scale: [2, 2], in: [2, 3, 4] },
    { mode: "nearest", scale: [3, 2], in: [2, 3, 3] },
    { mode: "bilinear", scale: [2, 2], in: [2, 4, 3] },
    { mode: "bilinear", scale: [3, 2], in: [2, 3, 4] },
    { mode: "bilinear", scale: [1, 4], in: [1, 2, 3] },
  ];
  cases.forEach((c, idx) => {
    it(`${c.mode} ×[${c.scale.join(", ")}]`, () => {
      const r = rng(1400 + idx);
      const x = randn(r, [N, ...c.in]);
      const attrs: Attrs = { scale: c.scale, mode: c.mode };
      const { g, loss } = setup({ kernel: upsample, attrs, inputs: [x], params: {}, batch: N }, r);
      const gAttrs: Attrs = { ...attrs, in_shape: c.in };
      expectGrad(back(upsampleGrad, [g], gAttrs, {}, x.shape, N), x, loss);
      expectZero(back(upsampleGrad, [zerosLike(g)], gAttrs, {}, x.shape, N));
    });
  });
});
