// conv, conv_transpose and dense: input, weight and bias gradients against
// finite differences of the forward reference kernels.

import { describe, it } from "vitest";
import type { AttrValue, Attrs } from "../../../core/ir/graph.js";
import { kernel as conv } from "../../../ops/conv/reference.js";
import { kernel as convTranspose } from "../../../ops/conv_transpose/reference.js";
import { kernel as dense } from "../../../ops/dense/reference.js";
import { kernel as convGradInput } from "../../../ops/conv_grad_input/reference.js";
import { kernel as convGradWeight } from "../../../ops/conv_grad_weight/reference.js";
import { kernel as convTransposeGradInput } from "../../../ops/conv_transpose_grad_input/reference.js";
import { kernel as convTransposeGradWeight } from "../../../ops/conv_transpose_grad_weight/reference.js";
import { kernel as denseGradInput } from "../../../ops/dense_grad_input/reference.js";
import { kernel as denseGradWeight } from "../../../ops/dense_grad_weight/reference.js";
import { kernel as reduceAxis } from "../../../ops/reduce_axis/reference.js";
import { back, expectGrad, expectZero, randn, rng, setup, zerosLike } from "./fd.js";

const N = 2;

interface ConvCase {
  readonly name: string;
  readonly in: [number, number, number];
  readonly out: number;
  readonly kernel: [number, number];
  readonly stride?: [number, number];
  readonly padding?: [number, number] | "same";
  readonly dilation?: [number, number];
  readonly groups?: number;
  readonly table?: number[][];
}

const convCases: ConvCase[] = [
  { name: "plain 3×3", in: [3, 6, 5], out: 4, kernel: [3, 3] },
  { name: "stride 2, padding [1, 2], odd sizes, 3×2 kernel", in: [2, 9, 7], out: 3, kernel: [3, 2], stride: [2, 2], padding: [1, 2] },
  { name: "stride [2, 3], padding 1", in: [2, 7, 8], out: 2, kernel: [3, 3], stride: [2, 3], padding: [1, 1] },
  { name: "dilation 2, padding 2", in: [2, 8, 7], out: 3, kernel: [3, 3], dilation: [2, 2], padding: [2, 2] },
  { name: "dilation [1, 2], stride 2", in: [2, 9, 9], out: 2, kernel: [2, 3], dilation: [1, 2], stride: [2, 2] },
  { name: "groups 2", in: [4, 6, 5], out: 6, kernel: [3, 3], groups: 2, padding: [1, 1] },
  { name: "depthwise (groups = C)", in: [3, 5, 6], out: 3, kernel: [3, 3], groups: 3, stride: [2, 1], padding: [1, 1] },
  { name: "\"same\", stride 2 (odd padding after)", in: [2, 7, 8], out: 3, kernel: [3, 3], stride: [2, 2], padding: "same" },
  { name: "\"same\", even kernel, dilation 2", in: [2, 6, 7], out: 2, kernel: [4, 2], dilation: [2, 2], padding: "same" },
  { name: "connection table", in: [3, 6, 6], out: 4, kernel: [2, 3], table: [[0], [0, 1], [1, 2], [2, 0, 1]] },
];

function convAttrs(c: ConvCase): Attrs {
  const table: AttrValue = c.table ?? null;
  return {
    out: c.out,
    kernel: c.kernel,
    stride: c.stride ?? [1, 1],
    padding: c.padding ?? [0, 0],
    dilation: c.dilation ?? [1, 1],
    groups: c.groups ?? 1,
    bias: true,
    table,
  };
}

describe("conv gradients", () => {
  convCases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(100 + idx);
      const attrs = convAttrs(c);
      const groups = c.groups ?? 1;
      const links = c.table?.reduce((s, row) => s + row.length, 0);
      const wShape = links === undefined ? [c.out, c.in[0] / groups, ...c.kernel] : [links, ...c.kernel];
      const x = randn(r, [N, ...c.in]);
      const weight = randn(r, wShape);
      const bias = randn(r, [c.out]);
      const fwd = { kernel: conv, attrs, inputs: [x], params: { weight, bias }, batch: N };
      const { g, loss } = setup(fwd, r);
      const gAttrs = { ...attrs, in_shape: c.in };

      const dx = back(convGradInput, [g], gAttrs, { weight }, x.shape, N);
      expectGrad(dx, x, loss);
      const dw = back(convGradWeight, [x, g], attrs, {}, weight.shape, N);
      expectGrad(dw, weight, loss);
      const db = back(reduceAxis, [g], { axis: 0 }, {}, [c.out], N);
      expectGrad(db, bias, loss);

      const z = zerosLike(g);
      expectZero(back(convGradInput, [z], gAttrs, { weight }, x.shape, N));
      expectZero(back(convGradWeight, [x, z], attrs, {}, weight.shape, N));
      expectZero(back(reduceAxis, [z], { axis: 0 }, {}, [c.out], N));
    });
  });
});

interface DeconvCase {
  readonly name: string;
  readonly in: [number, number, number];
  readonly out: number;
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
}

const deconvCases: DeconvCase[] = [
  { name: "stride 2, padding 1, output_padding 1", in: [3, 4, 5], out: 2, kernel: [3, 3], stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], dilation: [1, 1], groups: 1 },
  { name: "groups 2, anisotropic stride and output_padding", in: [4, 3, 4], out: 6, kernel: [3, 2], stride: [2, 3], padding: [1, 0], outputPadding: [1, 2], dilation: [1, 1], groups: 2 },
  { name: "dilation 2, output_padding below the dilation", in: [2, 4, 4], out: 3, kernel: [3, 3], stride: [1, 1], padding: [1, 2], outputPadding: [1, 0], dilation: [2, 2], groups: 1 },
  { name: "depthwise, stride 2", in: [3, 3, 3], out: 3, kernel: [4, 4], stride: [2, 2], padding: [1, 1], outputPadding: [0, 0], dilation: [1, 1], groups: 3 },
];

describe("conv_transpose gradients", () => {
  deconvCases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(200 + idx);
      const attrs: Attrs = {
        out: c.out,
        kernel: c.kernel,
        stride: c.stride,
        padding: c.padding,
        output_padding: c.outputPadding,
        dilation: c.dilation,
        groups: c.groups,
        bias: true,
      };
      const x = randn(r, [N, ...c.in]);
      const weight = randn(r, [c.in[0], c.out / c.groups, ...c.kernel]);
      const bias = randn(r, [c.out]);
      const fwd = { kernel: convTranspose, attrs, inputs: [x], params: { weight, bias }, batch: N };
      const { g, loss } = setup(fwd, r);
      const gAttrs = { ...attrs, in_shape: c.in };

      const dx = back(convTransposeGradInput, [g], gAttrs, { weight }, x.shape, N);
      expectGrad(dx, x, loss);
      const dw = back(convTransposeGradWeight, [x, g], attrs, {}, weight.shape, N);
      expectGrad(dw, weight, loss);
      const db = back(reduceAxis, [g], { axis: 0 }, {}, [c.out], N);
      expectGrad(db, bias, loss);

      const z = zerosLike(g);
      expectZero(back(convTransposeGradInput, [z], gAttrs, { weight }, x.shape, N));
      expectZero(back(convTransposeGradWeight, [x, z], attrs, {}, weight.shape, N));
    });
  });
});

describe("dense gradients", () => {
  const cases: { name: string; in: number[]; out: number }[] = [
    { name: "rank 1", in: [5], out: 3 },
    { name: "rank 3 (leading axes are a batch)", in: [2, 3, 5], out: 4 },
  ];
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const r = rng(300 + idx);
      const attrs: Attrs = { out: c.out, bias: true };
      const inner = c.in[c.in.length - 1]!;
      const x = randn(r, [N, ...c.in]);
      const weight = randn(r, [c.out, inner]);
      const bias = randn(r, [c.out]);
      const fwd = { kernel: dense, attrs, inputs: [x], params: { weight, bias }, batch: N };
      const { g, loss } = setup(fwd, r);

      const dx = back(denseGradInput, [g], { in_shape: c.in }, { weight }, x.shape, N);
      expectGrad(dx, x, loss);
      const dw = back(denseGradWeight, [x, g], {}, {}, weight.shape, N);
      expectGrad(dw, weight, loss);
      // The bias gradient reduces every axis but the last: as a per-sample axis and counted from the end.
      expectGrad(back(reduceAxis, [g], { axis: c.in.length - 1 }, {}, [c.out], N), bias, loss);
      expectGrad(back(reduceAxis, [g], { axis: -1 }, {}, [c.out], N), bias, loss);

      const z = zerosLike(g);
      expectZero(back(denseGradInput, [z], { in_shape: c.in }, { weight }, x.shape, N));
      expectZero(back(denseGradWeight, [x, z], {}, {}, weight.shape, N));
    });
  });
});
