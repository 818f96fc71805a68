// mean(axis, keepdim), torch.mean(x, dim, keepdim) over one per-sample axis
// (ViT's pooling of its [T, D] tokens): its definition's facts and errors,
// its float64 reference against tf.mean and its gradient (mean_grad)
// against tf.grad, its WGSL kernels (mean and mean_grad) on WebGPU against
// the reference, forward and in training, on [T, D] and [C, H, W] inputs,
// and the gradient through the whole pipeline against finite differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { Attrs } from "../../core/ir/graph.js";
import { AttrError } from "../../ops/attrs.js";
import { OpError } from "../../ops/contract.js";
import { kernel as meanRef } from "../../ops/mean/reference.js";
import { kernel as meanGradRef } from "../../ops/mean_grad/reference.js";
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

/** Per-sample shapes and attributes the reference and gradient are checked on, batch 2. */
const CASES: readonly (readonly [number[], Attrs])[] = [
  [[5, 4], { axis: 0, keepdim: false }],
  [[5, 4], { axis: -1, keepdim: false }],
  [[5, 4], { axis: 1, keepdim: true }],
  [[3, 4, 5], { axis: 0, keepdim: false }],
  [[3, 4, 5], { axis: 1, keepdim: true }],
  [[3, 4, 5], { axis: -1, keepdim: false }],
  [[6], { axis: 0, keepdim: false }],
  [[6], { axis: -1, keepdim: true }],
];

describe("mean", () => {
  it("drops the axis (or keeps it as 1), costs an add per input and a divide per output, and is pointwise only off H and W", () => {
    const r = applyOp("mean", [[197, 768]], [0]);
    expect(r.shape).toEqual([768]);
    expect(r.attrs).toEqual({ axis: 0, keepdim: false });
    expect(r.cost).toEqual({ macs: 0, flops: 197 * 768 + 768 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "global" });
    expect(applyOp("mean", [[197, 768]], [-1]).shape).toEqual([197]);
    expect(applyOp("mean", [[197, 768]], [0], { keepdim: true }).shape).toEqual([1, 768]);
    expect(applyOp("mean", [[197, 768]], [], { dim: 1, keepdim: true }).shape).toEqual([197, 1]);
    // Over channels of a [C, H, W] map each pixel sees only its own pixel; over H or W a whole column or row.
    const c = applyOp("mean", [[8, 6, 5]], [0], { keepdim: true });
    expect(c.shape).toEqual([1, 6, 5]);
    expect(c.cost).toEqual({ macs: 0, flops: 240 + 30 });
    expect(c.spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("mean", [[8, 6, 5]], [1]).shape).toEqual([8, 5]);
    expect(applyOp("mean", [[8, 6, 5]], [1]).spatial).toEqual({ kind: "global" });
    expect(applyOp("mean", [[8, 6, 5]], [-1]).spatial).toEqual({ kind: "global" });
    // A rank-1 input reduces to a scalar per sample, which the IR allows (reshape([]) makes one too).
    expect(applyOp("mean", [[6]], [0]).shape).toEqual([]);
    expect(applyOp("mean", [[6]], [0], { keepdim: true }).shape).toEqual([1]);
  });

  it("refuses an axis out of range (counted without the batch), a scalar input and a missing axis", () => {
    expect(() => applyOp("mean", [[4, 8]], [2])).toThrow(OpError);
    expect(() => applyOp("mean", [[4, 8]], [2])).toThrow("axis 2 is out of range for an input of shape [4, 8] (the batch axis is not counted)");
    expect(() => applyOp("mean", [[4, 8]], [-3])).toThrow("axis -3 is out of range for an input of shape [4, 8]");
    expect(() => applyOp("mean", [[4, 8]], [-3])).toThrow(expect.objectContaining({ expected: "an axis in -2..1" }));
    expect(() => applyOp("mean", [[]], [0])).toThrow("an input of shape [] is a scalar per sample and has no axis 0");
    expect(() => applyOp("mean", [[4, 8]], [])).toThrow("mean needs attribute 'axis'");
    expect(() => applyOp("mean", [[4, 8]], [0.5])).toThrow(AttrError);
  });

  it("its gradient op spreads dy back to in_shape and checks dy against mean's output", () => {
    const g = applyOp("mean_grad", [[768]], [], { axis: 0, in_shape: [197, 768] });
    expect(g.shape).toEqual([197, 768]);
    expect(g.cost).toEqual({ macs: 0, flops: 197 * 768 });
    expect(applyOp("mean_grad", [[197, 1]], [], { axis: 1, keepdim: true, in_shape: [197, 768] }).shape).toEqual([197, 768]);
    expect(applyOp("mean_grad", [[]], [], { axis: 0, in_shape: [6] }).shape).toEqual([6]);
    expect(() => applyOp("mean_grad", [[197]], [], { axis: 0, in_shape: [197, 768] })).toThrow("dy has shape [197], but mean gives [768] for this input");
    expect(() => applyOp("mean_grad", [[768]], [], { axis: 0, keepdim: true, in_shape: [197, 768] })).toThrow(OpError);
  });

  it("compiles ViT's token pooling: [T, D] averaged over the tokens, then the head", () => {
    const g = graphOf("network k {\ninput x: [17, 64]\noutput y = x |> mean(axis=0) |> dense(10)\n}\n");
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[10]]);
  });

  it("its float64 reference agrees with tf.mean with the batch axis prepended", () => {
    for (const [shape, attrs] of CASES) {
      const full = [2, ...shape];
      const x = values(count(full), 3);
      const axis = attrs.axis as number;
      const want = tf.mean(tf.tensor(x, full), axis < 0 ? axis : axis + 1, attrs.keepdim as boolean);
      const got = meanRef([fromArray(full, x, "f64")], attrs, {}, refContext(want.shape.slice(1), 2));
      expect(got.shape, `${shape} ${JSON.stringify(attrs)}`).toEqual(want.shape);
      const w = want.dataSync();
      got.data.forEach((v, i) => expect(v, `${shape} ${JSON.stringify(attrs)} [${i}]`).toBeCloseTo(w[i]!, 6));
    }
  });

  it("its gradient rule emits mean_grad with the axis resolved, whose reference agrees with tf.grad", () => {
    const tg = graphOf("network k {\ninput x: [5, 4]\noutput y = x |> dense(4) |> mean(-1, keepdim=true)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tg.nodes.filter((n) => n.op === "mean_grad").map((n) => n.attrs)).toEqual([{ axis: 1, keepdim: true, in_shape: [5, 4] }]);
    for (const [shape, attrs] of CASES) {
      const full = [2, ...shape];
      const x = values(count(full), 5);
      const axis = attrs.axis as number;
      const y = tf.mean(tf.tensor(x, full), axis < 0 ? axis : axis + 1, attrs.keepdim as boolean);
      const dy = values(y.size, 6);
      const want = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.mean(v, axis < 0 ? axis : axis + 1, attrs.keepdim as boolean), tf.tensor(dy, y.shape))))(tf.tensor(x, full)).dataSync();
      const dx = meanGradRef([fromArray(y.shape, dy, "f64")], { ...attrs, in_shape: shape }, {}, refContext(shape, 2));
      expect(dx.shape).toEqual(full);
      dx.data.forEach((v, i) => expect(v, `${shape} ${JSON.stringify(attrs)} dx[${i}]`).toBeCloseTo(want[i]!, 6));
    }
  });

  it("its WGSL kernels match the reference, forward on [T, D], [C, H, W] and [D], and in training graphs", async () => {
    const fwd = graphOf(
      "network k {\ninput x: [9, 16]\ninput m: [3, 6, 5]\ninput v: [7]\noutput a = x |> mean(0)\noutput b = x |> mean(-1, keepdim=true)\noutput c = m |> mean(0)\noutput d = m |> mean(1, keepdim=true)\noutput e = m |> mean(-1)\noutput f = v |> mean(0)\n}\n",
    );
    await expectGpuParity(fwd, 3, 1e-5, { label: (name) => name });

    const tokens = graphOf("network k {\ninput x: [9, 16]\noutput y = x |> dense(16) |> mean(axis=0) |> dense(4)\noutput z = x |> dense(8) |> mean(-1, keepdim=true) |> dense(2)\n}\ntrain k {\nloss mse(y, t)\nloss mse(z, u)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tokens.nodes.filter((n) => n.op === "mean_grad")).toHaveLength(2);
    await expectGpuParity(tokens, 3, 1e-4, { label: (name) => name });

    const maps = graphOf("network k {\ninput x: [3, 6, 5]\noutput y = x |> conv(4, k=3, p=1) |> mean(1) |> mean(0, keepdim=true) |> dense(3)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(maps.nodes.filter((n) => n.op === "mean_grad")).toHaveLength(2);
    await expectGpuParity(maps, 3, 1e-4, { label: (name) => name });
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), on [T, D], [C, H, W] and [D]", () => {
    for (const [shape, body] of [
      ["[5, 4]", "dense(3) |> mean(0) |> dense(2)"],
      ["[5, 4]", "dense(3) |> mean(-1, keepdim=true)"],
      ["[2, 4, 3]", "conv(3, k=3, p=1) |> mean(1) |> mean(-1)"],
      ["[4]", "dense(3) |> mean(0)"],
    ] as const) {
      const text = `network k {\ninput x: ${shape}\noutput y = x |> ${body}\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text, (name) => `${shape} ${body}: ${name}`);
      expect(opsOf(training)).toContain("mean_grad");
    }
  });
});
