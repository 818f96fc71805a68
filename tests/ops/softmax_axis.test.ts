// softmax (and softmax_grad) with a negative axis, counted from the last
// per-sample axis as PyTorch's dim=-1 (issue 13, ViT attention over keys):
// the shape rules and their errors, the float64 reference against the
// non-negative axis and TF.js's softmax (which normalises the last axis),
// WebGPU against the reference forward and in training, where autodiff
// hands softmax_grad the resolved axis.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { OpError } from "../../ops/contract.js";
import { kernel as softmaxRef } from "../../ops/softmax/reference.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, computedIds } from "../helpers/op_checks.js";
import { limitFor } from "../helpers/time_limits.js";

useTfjsCpu();

/** Deterministic values in [−1, 1) that are exact in float32 (multiples of 1/32). */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 64) - 32) / 32);
}

const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

describe("softmax with a negative axis", () => {
  it("counts from the last per-sample axis and refuses one out of range", () => {
    expect(applyOp("softmax", [[2, 5, 5]], [-1]).shape).toEqual([2, 5, 5]);
    expect(applyOp("softmax", [[21, 4, 4]], [-3]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("softmax", [[21, 4, 4]], [-1]).spatial).toEqual({ kind: "global" });
    expect(() => applyOp("softmax", [[3, 4, 5]], [-4])).toThrow("axis -4 is out of range for an input of shape [3, 4, 5]");
    expect(() => applyOp("softmax", [[3, 4, 5]], [-4])).toThrow(OpError);
    expect(() => applyOp("softmax_grad", [[5, 4], [5, 4]], [-3])).toThrow("axis -3 is out of range for y of shape [5, 4]");
    expect(applyOp("softmax_grad", [[5, 4], [5, 4]], [-1]).shape).toEqual([5, 4]);
  });

  it("its reference on [H, T, T] equals axis 2 and tf.softmax (the last axis), and axis -2 equals axis 1", () => {
    const shape = [2, 3, 5, 5];
    const x = fromArray(shape, values(count(shape), 6).map((v) => 3 * v), "f64");
    const at = (axis: number) => [...softmaxRef([x], { axis }, {}, refContext(shape.slice(1), 2)).data];
    expect(at(-1)).toEqual(at(2));
    expect(at(-2)).toEqual(at(1));
    const want = tf.softmax(tf.tensor(Array.from(x.data), shape)).dataSync();
    at(-1).forEach((v, i) => expect(v, `[${i}]`).toBeCloseTo(want[i]!, 6));
  });

  it("runs on WebGPU as the reference does, forward and in training (softmax_grad gets the resolved axis)", { timeout: limitFor(6) }, async () => {
    const fwd = graphOf("network k {\ninput x: [3, 5, 6]\noutput a = x |> softmax(axis=-1)\noutput b = x |> softmax(axis=-2)\noutput c = x |> softmax(axis=2)\n}\n");
    const r = await expectGpuParity(fwd, 2, 1e-5, { label: (name) => name });
    const [a, , c] = computedIds(fwd);
    expect([...r.gpu.get(a!)!]).toEqual([...r.gpu.get(c!)!]);
    const tg = graphOf("network k {\ninput x: [3, 5, 6]\noutput y = x |> dense(6, bias=false) |> softmax(axis=-2) |> softmax(axis=-1)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tg.nodes.filter((n) => n.op === "softmax_grad").map((n) => n.attrs.axis)).toEqual([2, 1]);
    await expectGpuParity(tg, 2, 1e-4, { label: (name) => name });
  });
});
