// bn, lrn and scale: gradients against finite differences of the forward
// reference kernels.

import { describe, it } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import { kernel as bn } from "../../../ops/bn/reference.js";
import { kernel as bnGradInput } from "../../../ops/bn_grad_input/reference.js";
import { kernel as bnGradWeight } from "../../../ops/bn_grad_weight/reference.js";
import { kernel as channelScale } from "../../../ops/channel_scale/reference.js";
import { kernel as lrnGrad } from "../../../ops/lrn_grad/reference.js";
import { kernel as reduceAxis } from "../../../ops/reduce_axis/reference.js";
import { kernel as scaleGradWeight } from "../../../ops/scale_grad_weight/reference.js";
import { kernel as lrn } from "../../../ops/lrn/reference.js";
import { kernel as scale } from "../../../ops/scale/reference.js";
import type { Tensor } from "../../../core/tensor/tensor.js";
import { back, expectGrad, expectZero, randn, rng, setup, uniform, zerosLike } from "./fd.js";

describe("bn gradients", () => {
  const cases: { name: string; shape: number[]; n: number; training: boolean; affine: boolean }[] = [
    { name: "training, [C, H, W]", shape: [3, 4, 5], n: 2, training: true, affine: true },
    { name: "training, [C] (statistics over the batch alone)", shape: [4], n: 5, training: true, affine: true },
    { name: "training, without affine", shape: [2, 3, 3], n: 3, training: true, affine: false },
    { name: "eval (running statistics fixed), [C, H, W]", shape: [3, 4, 5], n: 2, training: false, affine: true },
    { name: "eval, [C]", shape: [4], n: 3, training: false, affine: true },
    { name: "eval, without affine", shape: [2, 3, 3], n: 2, training: false, affine: false },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(400 + idx);
      const ch = c.shape[0]!;
      const attrs: Attrs = { eps: 1e-5, momentum: 0.1, affine: c.affine, training: c.training };
      const x = randn(r, [c.n, ...c.shape]);
      const weight = uniform(r, [ch], 0.5, 1.5);
      const bias = randn(r, [ch]);
      const runningMean = randn(r, [ch]);
      const runningVar = uniform(r, [ch], 0.5, 2);
      const params: Record<string, Tensor> = { running_mean: runningMean, running_var: runningVar };
      if (c.affine) Object.assign(params, { weight, bias });
      const { g, loss } = setup({ kernel: bn, attrs, inputs: [x], params, batch: c.n }, r);
      const gAttrs: Attrs = { eps: 1e-5, training: c.training };
      const inParams: Record<string, Tensor> = c.training ? {} : { running_var: runningVar };
      if (c.affine) inParams.weight = weight;
      const wParams: Record<string, Tensor> = c.training ? {} : { running_mean: runningMean, running_var: runningVar };

      expectGrad(back(bnGradInput, [x, g], gAttrs, inParams, x.shape, c.n), x, loss);
      if (c.affine) {
        expectGrad(back(bnGradWeight, [x, g], gAttrs, wParams, [ch], c.n), weight, loss);
        expectGrad(back(reduceAxis, [g], { axis: 0 }, {}, [ch], c.n), bias, loss);
      }
      const z = zerosLike(g);
      expectZero(back(bnGradInput, [x, z], gAttrs, inParams, x.shape, c.n));
      expectZero(back(bnGradWeight, [x, z], gAttrs, wParams, [ch], c.n));
    });
  });
});

describe("lrn gradient", () => {
  const cases: { name: string; size: number; alpha: number; beta: number; k: number; c: number }[] = [
    { name: "size 5, AlexNet's constants", size: 5, alpha: 1e-4, beta: 0.75, k: 2, c: 7 },
    { name: "size 3, strong normalisation", size: 3, alpha: 0.8, beta: 0.75, k: 1, c: 6 },
    { name: "even size 4 (window c−2 … c+1)", size: 4, alpha: 0.5, beta: 1.3, k: 1.5, c: 5 },
    { name: "size above the channel count", size: 9, alpha: 0.6, beta: 0.5, k: 1, c: 3 },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(500 + idx);
      const attrs: Attrs = { size: c.size, alpha: c.alpha, beta: c.beta, k: c.k };
      const x = randn(r, [2, c.c, 3, 2]);
      const { g, loss } = setup({ kernel: lrn, attrs, inputs: [x], params: {}, batch: 2 }, r);
      expectGrad(back(lrnGrad, [x, g], attrs, {}, x.shape, 2), x, loss);
      expectZero(back(lrnGrad, [x, zerosLike(g)], attrs, {}, x.shape, 2));
    });
  });
});

describe("scale gradients", () => {
  const shapes = [[3, 4, 5], [4]];
  shapes.forEach((shape, idx) => {
    it(`[${shape.join(", ")}]`, () => {
      const r = rng(600 + idx);
      const ch = shape[0]!;
      const x = randn(r, [2, ...shape]);
      const weight = randn(r, [ch]);
      const bias = randn(r, [ch]);
      const { g, loss } = setup({ kernel: scale, attrs: { bias: true }, inputs: [x], params: { weight, bias }, batch: 2 }, r);
      expectGrad(back(channelScale, [g], {}, { weight }, x.shape, 2), x, loss);
      expectGrad(back(scaleGradWeight, [x, g], {}, {}, [ch], 2), weight, loss);
      expectGrad(back(reduceAxis, [g], { axis: 0 }, {}, [ch], 2), bias, loss);
      const z = zerosLike(g);
      expectZero(back(channelScale, [z], {}, { weight }, x.shape, 2));
      expectZero(back(scaleGradWeight, [x, z], {}, {}, [ch], 2));
    });
  });
});
