// unary_grad (every fn), prelu and softmax: gradients against finite
// differences of the forward reference kernels.

import { describe, expect, it } from "vitest";
import type { Attrs } from "../../../core/ir/graph.js";
import type { Kernel } from "../../../ops/reference_kernel.js";
import { kernel as elu } from "../../../ops/elu/reference.js";
import { kernel as preluGradInput } from "../../../ops/prelu_grad_input/reference.js";
import { kernel as preluGradWeight } from "../../../ops/prelu_grad_weight/reference.js";
import { kernel as softmaxGrad } from "../../../ops/softmax_grad/reference.js";
import { kernel as unaryGrad } from "../../../ops/unary_grad/reference.js";
import { kernel as leakyRelu } from "../../../ops/leaky_relu/reference.js";
import { kernel as prelu } from "../../../ops/prelu/reference.js";
import { kernel as relu } from "../../../ops/relu/reference.js";
import { kernel as sigmoid } from "../../../ops/sigmoid/reference.js";
import { kernel as softmax } from "../../../ops/softmax/reference.js";
import { kernel as tanh } from "../../../ops/tanh/reference.js";
import { back, expectGrad, expectZero, randn, rng, setup, zerosLike } from "./fd.js";

describe("unary_grad", () => {
  const cases: { fn: string; kernel: Kernel; attrs: Attrs; usesY: boolean }[] = [
    { fn: "relu", kernel: relu, attrs: {}, usesY: false },
    { fn: "leaky_relu", kernel: leakyRelu, attrs: { alpha: 0.1 }, usesY: false },
    { fn: "elu", kernel: elu, attrs: { alpha: 1.0 }, usesY: false },
    { fn: "elu", kernel: elu, attrs: { alpha: 0.7 }, usesY: false },
    { fn: "sigmoid", kernel: sigmoid, attrs: {}, usesY: true },
    { fn: "tanh", kernel: tanh, attrs: {}, usesY: true },
  ];
  cases.forEach((c, idx) => {
    it(`${c.fn} ${JSON.stringify(c.attrs)}`, () => {
      const r = rng(700 + idx);
      // Away from the kink at 0 by 0.1.
      const x = randn(r, [2, 3, 4, 3], 0.1);
      const { y, g, loss } = setup({ kernel: c.kernel, attrs: c.attrs, inputs: [x], params: {}, batch: 2 }, r);
      const v = c.usesY ? y : x;
      const attrs: Attrs = { fn: c.fn, alpha: typeof c.attrs.alpha === "number" ? c.attrs.alpha : null };
      expectGrad(back(unaryGrad, [v, g], attrs, {}, x.shape, 2), x, loss);
      expectZero(back(unaryGrad, [v, zerosLike(g)], attrs, {}, x.shape, 2));
    });
  });
});

describe("prelu gradients", () => {
  const cases: { name: string; shape: number[]; perChannel: boolean }[] = [
    { name: "one shared slope, [C, H, W]", shape: [3, 4, 4], perChannel: false },
    { name: "one shared slope, [K]", shape: [6], perChannel: false },
    { name: "per channel, [C, H, W]", shape: [3, 4, 4], perChannel: true },
    { name: "per channel, [C]", shape: [5], perChannel: true },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(800 + idx);
      const slopes = c.perChannel ? c.shape[0]! : 1;
      const attrs: Attrs = { per_channel: c.perChannel };
      const x = randn(r, [2, ...c.shape], 0.1);
      const weight = randn(r, [slopes]);
      const { g, loss } = setup({ kernel: prelu, attrs, inputs: [x], params: { weight }, batch: 2 }, r);
      expectGrad(back(preluGradInput, [x, g], attrs, { weight }, x.shape, 2), x, loss);
      const dw = back(preluGradWeight, [x, g], attrs, {}, [slopes], 2);
      expect([...dw.shape]).toEqual([slopes]);
      expectGrad(dw, weight, loss);
      const z = zerosLike(g);
      expectZero(back(preluGradInput, [x, z], attrs, { weight }, x.shape, 2));
      expectZero(back(preluGradWeight, [x, z], attrs, {}, [slopes], 2));
    });
  });
});

describe("softmax_grad", () => {
  const cases: { name: string; shape: number[]; axis: number }[] = [
    { name: "axis 0 of [K]", shape: [7], axis: 0 },
    { name: "axis 0 of [C, H, W]", shape: [4, 3, 5], axis: 0 },
    { name: "axis 2 of [C, H, W]", shape: [2, 3, 4], axis: 2 },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(900 + idx);
      const attrs: Attrs = { axis: c.axis };
      const x = randn(r, [3, ...c.shape]);
      const { y, g, loss } = setup({ kernel: softmax, attrs, inputs: [x], params: {}, batch: 3 }, r);
      expectGrad(back(softmaxGrad, [y, g], attrs, {}, x.shape, 3), x, loss);
      expectZero(back(softmaxGrad, [y, zerosLike(g)], attrs, {}, x.shape, 3));
    });
  });
});
