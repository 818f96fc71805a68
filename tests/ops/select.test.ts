// select(axis, index), torch's x.select(dim, index) on the per-sample axes
// (ViT's class token x[:, 0] of its [T, D] tokens): its definition's facts
// and errors, its float64 reference against tf.gather + tf.squeeze, its
// gradient (a reshape that gives dy the axis back as 1, then slice_grad)
// against tf.grad of tf.slice + tf.squeeze, its WGSL kernel on WebGPU
// against the reference, forward and in training, on [T, D] and [C, H, W]
// inputs, and the gradient through the whole pipeline against finite
// differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { AttrError } from "../../ops/attrs.js";
import { OpError } from "../../ops/contract.js";
import { kernel as selectRef } from "../../ops/select/reference.js";
import { kernel as sliceGradRef } from "../../ops/slice_grad/reference.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, expectGradcheck } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Deterministic values in [−1, 1) that are exact in float32. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 64) - 32) / 32);
}

const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Per-sample shapes, axis and index the reference and gradient are checked on, batch 2. */
const CASES: readonly (readonly [number[], number, number])[] = [
  [[5, 4], 0, 0],
  [[5, 4], 0, -1],
  [[5, 4], -1, 2],
  [[3, 4, 5], 0, 1],
  [[3, 4, 5], 1, -4],
  [[3, 4, 5], -1, 4],
  [[6], 0, 3],
];

/** The tensor axis (batch first) of per-sample axis `axis` of rank `rank`, and the index resolved. */
function resolved(shape: readonly number[], axis: number, index: number): { readonly t: number; readonly i: number } {
  const a = axis < 0 ? axis + shape.length : axis;
  return { t: a + 1, i: index < 0 ? index + shape[a]! : index };
}

describe("select", () => {
  it("drops the axis, costs nothing, owns no parameters, and is pointwise only off H and W", () => {
    const r = applyOp("select", [[197, 768]], [0, 0]);
    expect(r.shape).toEqual([768]);
    expect(r.attrs).toEqual({ axis: 0, index: 0 });
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "global" });
    expect(applyOp("select", [[197, 768]], [], { dim: -1, index: -1 }).shape).toEqual([197]);
    // One channel of a [C, H, W] map: each pixel is its own input pixel (the receptive field pass ends the grid there, as the result has rank 2).
    expect(applyOp("select", [[8, 6, 5]], [0, 7]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("select", [[8, 6, 5]], [1, 0]).spatial).toEqual({ kind: "global" });
    expect(applyOp("select", [[2, 8, 6, 5]], [1, 3]).shape).toEqual([2, 6, 5]);
    expect(applyOp("select", [[2, 8, 6, 5]], [1, 3]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("select", [[2, 8, 6, 5]], [-2, 3]).spatial).toEqual({ kind: "global" });
    expect(applyOp("select", [[6]], [0, -6]).shape).toEqual([]);
  });

  it("refuses an axis or index out of range, a scalar input and missing attributes", () => {
    expect(() => applyOp("select", [[4, 8]], [2, 0])).toThrow(OpError);
    expect(() => applyOp("select", [[4, 8]], [2, 0])).toThrow("axis 2 is out of range for an input of shape [4, 8] (the batch axis is not counted)");
    expect(() => applyOp("select", [[4, 8]], [-3, 0])).toThrow(expect.objectContaining({ expected: "an axis in -2..1" }));
    expect(() => applyOp("select", [[4, 8]], [0, 4])).toThrow("index 4 is out of range for axis 0 of size 4 in input [4, 8]");
    expect(() => applyOp("select", [[4, 8]], [1, -9])).toThrow(expect.objectContaining({ message: "index -9 is out of range for axis 1 of size 8 in input [4, 8]", expected: "an index in -8..7" }));
    expect(() => applyOp("select", [[]], [0, 0])).toThrow("an input of shape [] is a scalar per sample and has no axis 0");
    expect(() => applyOp("select", [[4, 8]], [0])).toThrow("select needs attribute 'index'");
    expect(() => applyOp("select", [[4, 8]], [], { index: 0 })).toThrow("select needs attribute 'axis'");
    expect(() => applyOp("select", [[4, 8]], [0, 1.5])).toThrow(AttrError);
  });

  it("compiles ViT's class token: token 0 of [T, D], then the head", () => {
    const g = graphOf("network k {\ninput x: [17, 64]\noutput y = x |> select(axis=0, index=0) |> dense(10)\n}\n");
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[10]]);
  });

  it("its float64 reference agrees with tf.gather and tf.squeeze with the batch axis prepended", () => {
    for (const [shape, axis, index] of CASES) {
      const full = [2, ...shape];
      const x = values(count(full), 3);
      const { t, i } = resolved(shape, axis, index);
      const want = tf.squeeze(tf.gather(tf.tensor(x, full), tf.tensor1d([i], "int32"), t), [t]);
      const got = selectRef([fromArray(full, x, "f64")], { axis, index }, {}, refContext(want.shape.slice(1), 2));
      expect(got.shape, `${shape} ${axis} ${index}`).toEqual(want.shape);
      expect([...got.data], `${shape} ${axis} ${index}`).toEqual([...want.dataSync()]);
    }
  });

  it("its gradient rule is a reshape to the axis as 1 and slice_grad, which agree with tf.grad of tf.slice and tf.squeeze", () => {
    const tg = graphOf("network k {\ninput x: [5, 4]\noutput y = x |> dense(4) |> select(-2, -1)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    const grad = tg.nodes.find((n) => n.op === "slice_grad")!;
    expect(grad.attrs).toEqual({ start: 4, end: 5, axis: 0, in_shape: [5, 4] });
    const kept = tg.nodes[grad.inputs[0]!]!;
    expect([kept.op, kept.shape]).toEqual(["reshape", [1, 4]]);
    for (const [shape, axis, index] of CASES) {
      const full = [2, ...shape];
      const x = values(count(full), 5);
      const { t, i } = resolved(shape, axis, index);
      const begin = full.map((_, a) => (a === t ? i : 0));
      const size = full.map((d, a) => (a === t ? 1 : d));
      const outShape = full.filter((_, a) => a !== t);
      const dy = values(count(outShape), 6);
      const want = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.squeeze(tf.slice(v, begin, size), [t]), tf.tensor(dy, outShape))))(tf.tensor(x, full)).dataSync();
      // The reshape moves no data: dy's values in the kept shape.
      const dx = sliceGradRef([fromArray(size, dy, "f64")], { start: i, end: i + 1, axis: t - 1, in_shape: shape }, {}, refContext(shape, 2));
      expect(dx.shape).toEqual(full);
      expect([...dx.data], `${shape} ${axis} ${index}`).toEqual([...want]);
    }
  });

  it("its WGSL kernel matches the reference, forward on [T, D], [C, H, W] and [D], and in training graphs", async () => {
    const fwd = graphOf(
      "network k {\ninput x: [9, 16]\ninput m: [3, 6, 5]\ninput v: [7]\noutput a = x |> select(0, 0)\noutput b = x |> select(-1, -3)\noutput c = m |> select(0, 2)\noutput d = m |> select(1, 4)\noutput e = m |> select(-1, 0)\noutput f = v |> select(0, -1)\n}\n",
    );
    await expectGpuParity(fwd, 3, 1e-6, { label: (name) => name });

    const tokens = graphOf("network k {\ninput x: [9, 16]\noutput y = x |> dense(16) |> select(axis=0, index=0) |> dense(4)\noutput z = x |> dense(8) |> select(-1, 5) |> dense(2)\n}\ntrain k {\nloss mse(y, t)\nloss mse(z, u)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tokens.nodes.filter((n) => n.op === "slice_grad")).toHaveLength(2);
    await expectGpuParity(tokens, 3, 1e-4, { label: (name) => name });

    const maps = graphOf("network k {\ninput x: [3, 6, 5]\noutput y = x |> conv(4, k=3, p=1) |> select(1, -2) |> select(0, 3) |> dense(3)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(maps.nodes.filter((n) => n.op === "slice_grad")).toHaveLength(2);
    await expectGpuParity(maps, 3, 1e-4, { label: (name) => name });
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), on [T, D], [C, H, W] and [D]", () => {
    for (const [shape, body] of [
      ["[5, 4]", "dense(3) |> select(0, 0) |> dense(2)"],
      ["[5, 4]", "dense(3) |> select(-1, -1)"],
      ["[2, 4, 3]", "conv(3, k=3, p=1) |> select(1, 2) |> select(-1, 0)"],
      ["[4]", "dense(3) |> select(0, 1)"],
    ] as const) {
      const text = `network k {\ninput x: ${shape}\noutput y = x |> ${body}\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text, (name) => `${shape} ${body}: ${name}`);
      expect(opsOf(training)).toContain("slice_grad");
    }
  });
});
