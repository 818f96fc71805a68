// Each forward reference kernel on tiny inputs, against values worked out by
// hand (in the comments). Attributes go through the compiler's normaliser
// (applyOp), whose inferred shape the kernel's output must match.

import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../core/ir/graph.js";
import { forwardKernels, referenceOf } from "../../ops/implementations.js";
import type { Precision, Tensor } from "../../core/tensor/tensor.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { allOps } from "../../ops/registry.js";
import { applyOp } from "../helpers/ops.js";

const t = (shape: number[], values: number[]): Tensor => fromArray(shape, values);
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

interface RunOptions {
  params?: Record<string, Tensor>;
  /** Attributes set after normalisation (bn's training flag). */
  extra?: Record<string, AttrValue>;
  precision?: Precision;
}

/** Runs op on batched inputs; checks the output shape against the compiler's. */
function run(op: string, inputs: Tensor[], named: Record<string, AttrValue> = {}, o: RunOptions = {}): Tensor {
  const batch = inputs[0]!.shape[0]!;
  const { attrs, shape } = applyOp(op, inputs.map((x) => x.shape.slice(1)), [], named);
  const kernel = forwardKernels[op];
  if (!kernel) throw new Error(`no kernel ${op}`);
  const outShape = [batch, ...shape];
  const y = kernel(inputs, { ...attrs, ...(o.extra ?? {}) }, o.params ?? {}, { batch, precision: o.precision ?? "f64", step: 0, outShape, referenceOf });
  expect(y.shape).toEqual(outShape);
  return y;
}

function close(actual: ArrayLike<number>, expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]!, `index ${i}`).toBeCloseTo(expected[i]!, digits);
}

// x = [[1,2,3],[4,5,6],[7,8,9]] as [1, 1, 3, 3].
const nine = () => t([1, 1, 3, 3], range(9, 1));

describe("forwardKernels", () => {
  it("has a kernel for every forward op but input", () => {
    const names = allOps.filter((op) => (op.role ?? "forward") === "forward" && op.name !== "input").map((op) => op.name);
    for (const n of names) expect(forwardKernels[n], n).toBeTypeOf("function");
    expect(Object.keys(forwardKernels).sort()).toEqual([...names].sort());
  });
});

describe("conv", () => {
  it("2×2 diagonal kernel with a bias", () => {
    // y[i,j] = x[i,j] + x[i+1,j+1] + 0.5 → [[1+5, 2+6], [4+8, 5+9]] + 0.5
    const y = run("conv", [nine()], { out: 1, kernel: 2 }, { params: { weight: t([1, 1, 2, 2], [1, 0, 0, 1]), bias: t([1], [0.5]) } });
    close(y.data, [6.5, 8.5, 12.5, 14.5]);
  });

  it("3×3 ones with padding 1: neighbourhood sums", () => {
    const y = run("conv", [nine()], { out: 1, kernel: 3, padding: 1, bias: false }, { params: { weight: t([1, 1, 3, 3], new Array(9).fill(1)) } });
    close(y.data, [12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it("stride 2 with padding 1 keeps the corners", () => {
    const y = run("conv", [nine()], { out: 1, kernel: 3, padding: 1, stride: 2, bias: false }, { params: { weight: t([1, 1, 3, 3], new Array(9).fill(1)) } });
    close(y.data, [12, 16, 24, 28]);
  });

  it("dilation 2 taps the corners", () => {
    const y = run("conv", [nine()], { out: 1, kernel: 2, dilation: 2, bias: false }, { params: { weight: t([1, 1, 2, 2], [1, 1, 1, 1]) } });
    close(y.data, [1 + 3 + 7 + 9]);
  });

  it('"same" padding puts the odd row and column after', () => {
    // 4×4 ones, 2×2 ones kernel, stride 1: pad 0 before, 1 after.
    const y = run("conv", [t([1, 1, 4, 4], new Array(16).fill(1))], { out: 1, kernel: 2, padding: "same", bias: false }, { params: { weight: t([1, 1, 2, 2], [1, 1, 1, 1]) } });
    close(y.data, [4, 4, 4, 2, 4, 4, 4, 2, 4, 4, 4, 2, 2, 2, 2, 1]);
  });

  it("mixes channels, and keeps samples of a batch apart", () => {
    // 1×1 kernel, weight [[1,2],[3,4]]: y0 = x0 + 2x1, y1 = 3x0 + 4x1.
    const x = t([2, 2, 1, 1], [2, 3, 1, -1]);
    const y = run("conv", [x], { out: 2, kernel: 1, bias: false }, { params: { weight: t([2, 2, 1, 1], [1, 2, 3, 4]) } });
    close(y.data, [8, 18, -1, -1]);
  });

  it("groups: each output reads only its group", () => {
    const y = run("conv", [t([1, 2, 1, 1], [2, 3])], { out: 2, kernel: 1, groups: 2, bias: false }, { params: { weight: t([2, 1, 1, 1], [10, 100]) } });
    close(y.data, [20, 300]);
  });

  it("connection table: weights are links in table order", () => {
    // table [[0,2],[1]]: links (0←0), (0←2), (1←1) with weights 10, 100, 1000.
    const y = run("conv", [t([1, 3, 1, 1], [1, 2, 3])], { out: 2, kernel: 1, table: [[0, 2], [1]] }, {
      params: { weight: t([3, 1, 1], [10, 100, 1000]), bias: t([2], [1, 2]) },
    });
    close(y.data, [10 * 1 + 100 * 3 + 1, 1000 * 2 + 2]);
  });
});

describe("conv_transpose", () => {
  const xs = () => t([1, 1, 2, 2], [1, 2, 3, 4]);

  it("stride 2, kernel 2: each input pixel stamps a scaled kernel", () => {
    const y = run("conv_transpose", [xs()], { out: 1, kernel: 2, stride: 2, bias: false }, { params: { weight: t([1, 1, 2, 2], [1, 2, 3, 4]) } });
    close(y.data, [1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16]);
  });

  it("stride 1 overlaps add up; padding crops the border", () => {
    const w = { weight: t([1, 1, 2, 2], [1, 1, 1, 1]), bias: t([1], [0.5]) };
    close(run("conv_transpose", [xs()], { out: 1, kernel: 2 }, { params: w }).data, [1, 3, 2, 4, 10, 6, 3, 7, 4].map((v) => v + 0.5));
    close(run("conv_transpose", [xs()], { out: 1, kernel: 2, padding: 1 }, { params: w }).data, [10.5]);
  });

  it("output_padding adds a row and a column after", () => {
    const y = run("conv_transpose", [xs()], { out: 1, kernel: 1, stride: 2, output_padding: 1, bias: false }, { params: { weight: t([1, 1, 1, 1], [5]) } });
    close(y.data, [5, 0, 10, 0, 0, 0, 0, 0, 15, 0, 20, 0, 0, 0, 0, 0]);
  });

  it("weight layout is [in, out/groups, kh, kw]", () => {
    // y[o] = Σ_c x[c]·w[c, o]: x = [1, 10], w = [[1,2],[3,4]] → [1 + 30, 2 + 40].
    const y = run("conv_transpose", [t([1, 2, 1, 1], [1, 10])], { out: 2, kernel: 1, bias: false }, { params: { weight: t([2, 2, 1, 1], [1, 2, 3, 4]) } });
    close(y.data, [31, 42]);
  });

  it("groups and dilation", () => {
    const g = run("conv_transpose", [t([1, 2, 1, 1], [1, 1])], { out: 2, kernel: 1, groups: 2, bias: false }, { params: { weight: t([2, 1, 1, 1], [2, 3]) } });
    close(g.data, [2, 3]);
    // kernel [1, 2], dilation 2 on one pixel: taps land at columns 0 and 2.
    const d = run("conv_transpose", [t([1, 1, 1, 1], [1])], { out: 1, kernel: [1, 2], dilation: 2, bias: false }, { params: { weight: t([1, 1, 1, 2], [1, 2]) } });
    close(d.data, [1, 0, 2]);
  });
});

describe("upsample", () => {
  it("nearest repeats each pixel", () => {
    const y = run("upsample", [t([1, 1, 2, 2], [1, 2, 3, 4])], { scale: 2 });
    close(y.data, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it("bilinear matches PyTorch (align_corners=False) on [[1,2],[3,4]]", () => {
    const y = run("upsample", [t([1, 1, 2, 2], [1, 2, 3, 4])], { scale: 2, mode: "bilinear" });
    // torch.nn.functional.interpolate(..., scale_factor=2, mode="bilinear")
    close(y.data, [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]);
  });

  it("per-axis factors", () => {
    const y = run("upsample", [t([1, 1, 1, 2], [1, 2])], { scale: [2, 1] });
    close(y.data, [1, 2, 1, 2]);
  });
});

describe("maxpool", () => {
  const x25 = () => t([1, 1, 5, 5], range(25));

  it("stride defaults to the kernel; floor mode drops the ragged edge", () => {
    close(run("maxpool", [x25()], { kernel: 2 }).data, [6, 8, 16, 18]);
  });

  it("ceil mode keeps the ragged edge", () => {
    close(run("maxpool", [x25()], { kernel: 2, ceil: true }).data, [6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });

  it("ceil mode drops a window that would start in the right padding", () => {
    // 5 wide, k 2, s 2, p 1: ⌈5/2⌉ + 1 = 4 windows, but the 4th starts at 5 = H + p → 3.
    // Windows cover rows {0}, {1,2}, {3,4}.
    close(run("maxpool", [x25()], { kernel: 2, stride: 2, padding: 1, ceil: true }).data, [0, 2, 4, 10, 12, 14, 20, 22, 24]);
  });

  it("padding is −∞, not zero", () => {
    const neg = t([1, 1, 3, 3], range(9).map((v) => -1 - v));
    // k 3, s 1, p 1: the window at (0,0) sees x[0..1][0..1] = −1, −2, −4, −5.
    const y = run("maxpool", [neg], { kernel: 3, stride: 1, padding: 1 });
    close(y.data, [-1, -1, -2, -1, -1, -2, -4, -4, -5]);
  });

  it("dilation skips the centre", () => {
    const y = run("maxpool", [t([1, 1, 3, 3], [1, 0, 2, 0, 100, 0, 3, 0, 4])], { kernel: 2, stride: 1, dilation: 2 });
    close(y.data, [4]);
  });
});

describe("avgpool", () => {
  it("plain 2×2 windows, stride 1", () => {
    close(run("avgpool", [nine()], { kernel: 2, stride: 1 }).data, [3, 4, 6, 7]);
  });

  it("count_include_pad decides the divisor at the borders", () => {
    const sums = [12, 21, 16, 27, 45, 33, 24, 39, 28];
    close(run("avgpool", [nine()], { kernel: 3, stride: 1, padding: 1 }).data, sums.map((s) => s / 9));
    // Corners see 4 pixels, edges 6, the centre 9.
    close(run("avgpool", [nine()], { kernel: 3, stride: 1, padding: 1, count_include_pad: false }).data, [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
  });

  it("ceil mode: windows clipped at the input divide by what is left", () => {
    // 3×3, k 2, s 2, ceil: rows {0,1},{2}; cols likewise.
    const y = run("avgpool", [nine()], { kernel: 2, ceil: true });
    close(y.data, [(1 + 2 + 4 + 5) / 4, (3 + 6) / 2, (7 + 8) / 2, 9]);
  });

  it("ceil mode with padding: the divisor counts padding up to the padded border only", () => {
    // W = 4, k 3, s 2, p 1, ceil: windows start at −1, 1, 3 and end at 2, 4, min(6, 5) = 5.
    // Padded sizes 3, 3, 2; inside the input [0,2), [1,4), [3,4).
    const x = t([1, 1, 1, 4], [1, 2, 3, 4]);
    const attrs = { kernel: [1, 3], stride: [1, 2], padding: [0, 1], ceil: true };
    close(run("avgpool", [x], attrs).data, [3 / 3, 9 / 3, 4 / 2]);
    close(run("avgpool", [x], { ...attrs, count_include_pad: false }).data, [3 / 2, 9 / 3, 4 / 1]);
  });
});

describe("adaptive_avgpool, gap, gmp", () => {
  it("adaptive windows overlap when the size does not divide", () => {
    // 3 → 2: rows [0, 2) and [1, 3).
    close(run("adaptive_avgpool", [nine()], { size: 2 }).data, [3, 4, 6, 7]);
    close(run("adaptive_avgpool", [nine()], { size: 1 }).data, [5]);
    // 5 → 2: [0, 3) and [2, 5).
    close(run("adaptive_avgpool", [t([1, 1, 1, 5], [1, 2, 3, 4, 5])], { size: [1, 2] }).data, [2, 4]);
  });

  it("gap and gmp reduce each channel of each sample", () => {
    const x = t([2, 2, 1, 2], [1, 3, -2, 4, 0, 0, 5, -1]);
    close(run("gap", [x]).data, [2, 1, 0, 2]);
    close(run("gmp", [x]).data, [3, 4, 0, 5]);
  });
});

describe("dense", () => {
  it("acts on the last axis of any rank", () => {
    // W = [[1,0,-1],[2,1,0]], b = [10, 20]; rows [1,2,3] → [8, 24], [4,5,6] → [8, 33].
    const y = run("dense", [t([1, 2, 3], range(6, 1))], { out: 2 }, { params: { weight: t([2, 3], [1, 0, -1, 2, 1, 0]), bias: t([2], [10, 20]) } });
    expect(y.shape).toEqual([1, 2, 2]);
    close(y.data, [8, 24, 8, 33]);
  });

  it("a batch of vectors, no bias", () => {
    const y = run("dense", [t([2, 2], [1, 2, 3, 4])], { out: 1, bias: false }, { params: { weight: t([1, 2], [1, -1]) } });
    close(y.data, [-1, -1]);
  });
});

describe("bn", () => {
  const affine = (g: number[], b: number[], rm: number[], rv: number[]) => ({
    weight: t([g.length], g),
    bias: t([b.length], b),
    running_mean: t([rm.length], rm),
    running_var: t([rv.length], rv),
  });

  it("eval mode uses the running statistics", () => {
    // ch 0: (x − 1)/2·2 + 1 on [1, 2] → [1, 2]; ch 1: (x − 2)/0.5 on [3, 4] → [2, 4].
    const params = affine([2, 1], [1, 0], [1, 2], [4, 0.25]);
    const x = t([1, 2, 1, 2], [1, 2, 3, 4]);
    close(run("bn", [x], {}, { params, extra: { eps: 0 } }).data, [1, 2, 2, 4]);
    close(run("bn", [x], {}, { params, extra: { eps: 0, training: false } }).data, [1, 2, 2, 4]);
  });

  it("training mode normalises with the batch mean and biased variance over N, H, W", () => {
    // One channel, samples [1,3] and [5,7]: mean 4, biased variance (9+1+1+9)/4 = 5.
    const params = affine([1], [0], [100], [100]);
    const y = run("bn", [t([2, 1, 1, 2], [1, 3, 5, 7])], {}, { params, extra: { eps: 0, training: true } });
    close(y.data, [-3, -1, 1, 3].map((v) => v / Math.sqrt(5)));
  });

  it("training mode on [C] vectors takes statistics over the batch", () => {
    // ch 0: [1,2,3], mean 2, var 2/3; ch 1: [0,0,3], mean 1, var (1+1+4)/3 = 2; γ = [1, 2], β = [0, 1].
    const params = affine([1, 2], [0, 1], [0, 0], [1, 1]);
    const y = run("bn", [t([3, 2], [1, 0, 2, 0, 3, 3])], {}, { params, extra: { eps: 0, training: true } });
    const s0 = Math.sqrt(2 / 3);
    const s1 = Math.sqrt(2);
    close(y.data, [-1 / s0, (-1 / s1) * 2 + 1, 0, (-1 / s1) * 2 + 1, 1 / s0, (2 / s1) * 2 + 1]);
  });

  it("without affine parameters γ = 1, β = 0", () => {
    const y = run("bn", [t([1, 1, 1, 2], [3, 5])], { affine: false }, { params: { running_mean: t([1], [1]), running_var: t([1], [4]) }, extra: { eps: 0 } });
    close(y.data, [1, 2]);
  });
});

describe("dropout, lrn", () => {
  it("dropout is the identity in eval mode", () => {
    close(run("dropout", [t([1, 3], [1, -2, 3])], { rate: 0.5 }).data, [1, -2, 3]);
  });

  it("lrn over a clipped channel window", () => {
    // x = [1, 2, 3], size 2 (window c−1 … c), α 2, β 1, k 1: denominators 1 + (2/2)·Σx².
    const x = t([1, 3, 1, 1], [1, 2, 3]);
    close(run("lrn", [x], { size: 2, alpha: 2, beta: 1, k: 1 }).data, [1 / 2, 2 / 6, 3 / 14]);
    // size 3 (window c−1 … c+1), β 0.5: sums 5, 14, 13; 1 + (2/3)·sum.
    close(run("lrn", [x], { size: 3, alpha: 2, beta: 0.5, k: 1 }).data, [1 / Math.sqrt(13 / 3), 2 / Math.sqrt(31 / 3), 3 / Math.sqrt(29 / 3)]);
  });
});

describe("activations", () => {
  const x = () => t([1, 4], [-2, -0.5, 0, 3]);

  it("relu, leaky_relu, elu", () => {
    close(run("relu", [x()]).data, [0, 0, 0, 3]);
    close(run("leaky_relu", [x()], { alpha: 0.1 }).data, [-0.2, -0.05, 0, 3]);
    close(run("elu", [x()], { alpha: 2 }).data, [2 * (Math.exp(-2) - 1), 2 * (Math.exp(-0.5) - 1), 0, 3]);
  });

  it("sigmoid and tanh", () => {
    close(run("sigmoid", [x()]).data, [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-3))]);
    close(run("sigmoid", [t([1, 2], [-800, 800])]).data, [0, 1]);
    const th = (v: number) => (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v));
    close(run("tanh", [x()]).data, [th(-2), th(-0.5), 0, th(3)]);
  });

  it("prelu, shared and per channel", () => {
    const xc = t([1, 2, 2], [-1, 2, -3, 4]);
    close(run("prelu", [xc], {}, { params: { weight: t([1], [0.25]) } }).data, [-0.25, 2, -0.75, 4]);
    close(run("prelu", [xc], { per_channel: true }, { params: { weight: t([2], [0.5, 0.1]) } }).data, [-0.5, 2, -0.3, 4]);
  });

  it("softmax: the axis counts per-sample axes", () => {
    const l3 = Math.log(3);
    const x2 = t([1, 2, 2], [0, 0, l3, 0]);
    // axis 0 (columns of the [2, 2] sample): (0, ln 3) → (1/4, 3/4); (0, 0) → (1/2, 1/2).
    close(run("softmax", [x2], { axis: 0 }).data, [0.25, 0.5, 0.75, 0.5]);
    close(run("softmax", [x2], { axis: 1 }).data, [0.5, 0.5, 0.75, 0.25]);
    // Large logits stay finite.
    close(run("softmax", [t([1, 2], [1000, 1000])]).data, [0.5, 0.5]);
  });
});

describe("shape ops", () => {
  it("flatten and reshape keep row-major order", () => {
    const x = t([2, 2, 1, 2], range(8));
    const f = run("flatten", [x]);
    expect(f.shape).toEqual([2, 4]);
    close(f.data, range(8));
    const r = run("reshape", [x], { shape: [-1, 2] });
    expect(r.shape).toEqual([2, 2, 2]);
    close(r.data, range(8));
  });

  it("add sums any number of operands", () => {
    close(run("add", [t([1, 2], [1, 2]), t([1, 2], [10, 20]), t([1, 2], [100, 200])]).data, [111, 222]);
  });

  it("mul broadcasts a [C] vector over [C, H, W], in either order", () => {
    const map = t([1, 2, 1, 2], [1, 2, 3, 4]);
    const vec = t([1, 2], [10, 100]);
    close(run("mul", [map, vec]).data, [10, 20, 300, 400]);
    close(run("mul", [vec, map]).data, [10, 20, 300, 400]);
  });

  it("mul broadcasts size-1 axes of both operands, per sample", () => {
    // a [2, 1, 2] and b [2, 2, 1] → [2, 2, 2]; two samples, the second scaled by −1.
    const a = t([2, 2, 1, 2], [1, 2, 3, 4, -1, -2, -3, -4]);
    const b = t([2, 2, 2, 1], [1, 10, 100, 1000, 1, 10, 100, 1000]);
    const y = run("mul", [a, b]);
    const first = [1, 2, 10, 20, 300, 400, 3000, 4000];
    close(y.data, [...first, ...first.map((v) => -v)]);
  });

  it("concat along channels and along a later axis", () => {
    const a = t([2, 1, 2], [1, 2, 3, 4]);
    const b = t([2, 2, 2], range(8, 5));
    close(run("concat", [a, b]).data, [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]);
    close(run("concat", [t([1, 2, 1], [1, 2]), t([1, 2, 2], [3, 4, 5, 6])], { axis: 1 }).data, [1, 3, 4, 2, 5, 6]);
  });

  it("slice keeps [start, end) of one axis", () => {
    close(run("slice", [t([2, 4], range(8))], { start: 1, end: 3 }).data, [1, 2, 5, 6]);
    close(run("slice", [t([1, 2, 3], range(6))], { start: 1, end: 3, axis: 1 }).data, [1, 2, 4, 5]);
  });

  it("shuffle interleaves the groups as ShuffleNet does", () => {
    // [g, C/g] → transpose → flatten: g = 2 gives 0 3 1 4 2 5; g = 3 gives 0 2 4 1 3 5.
    close(run("shuffle", [t([1, 6], range(6))], { groups: 2 }).data, [0, 3, 1, 4, 2, 5]);
    close(run("shuffle", [t([1, 6], range(6))], { groups: 3 }).data, [0, 2, 4, 1, 3, 5]);
    // With pixels: channels move whole.
    close(run("shuffle", [t([1, 4, 1, 2], range(8))], { groups: 2 }).data, [0, 1, 4, 5, 2, 3, 6, 7]);
  });

  it("scale applies w[c]·x + b[c]", () => {
    const y = run("scale", [t([1, 2, 1, 2], [1, 2, 3, 4])], {}, { params: { weight: t([2], [2, 3]), bias: t([2], [1, 0]) } });
    close(y.data, [3, 5, 9, 12]);
  });
});

describe("precision", () => {
  it("f32 outputs are Float32Array, rounded on store", () => {
    const y = run("sigmoid", [t([1, 2], [0.3, -1.7])], {}, { precision: "f32" });
    expect(y.data).toBeInstanceOf(Float32Array);
    expect(y.data[0]).toBe(Math.fround(1 / (1 + Math.exp(-0.3))));
    expect(y.data[1]).toBe(Math.fround(1 / (1 + Math.exp(1.7))));
    const c = run("conv", [nine()], { out: 1, kernel: 2 }, { params: { weight: t([1, 1, 2, 2], [0.1, 0, 0, 0.1]), bias: t([1], [0]) }, precision: "f32" });
    expect(c.data).toBeInstanceOf(Float32Array);
    expect(c.data[0]).toBe(Math.fround(0.1 * 1 + 0.1 * 5));
  });
});
