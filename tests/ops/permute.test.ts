// permute(dims) and transpose(a, b) on the per-sample axes (batch first and
// unnamed): their definitions' facts and errors, their float64 references
// against TF.js's transpose (perm [0, 1 + dims…]) and their gradients against
// tf.grad, their WGSL gathers on WebGPU against the reference (forward on
// ranks 2, 3 and 4, and a ViT patch embedding in training), and the gradient
// through the whole pipeline against finite differences.

import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { Attrs } from "../../core/ir/graph.js";
import { OpError } from "../../ops/contract.js";
import { lookupOp } from "../../ops/registry.js";
import { kernel as permuteRef } from "../../ops/permute/reference.js";
import { kernel as transposeRef } from "../../ops/transpose/reference.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, expectGradcheck } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

const ctx = (outShape: number[]) => refContext(outShape, 2);

/** Deterministic values in [−1, 1) that are exact in float32. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 64) - 32) / 32);
}

const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function run(kernel: typeof permuteRef, shape: number[], attrs: Attrs, data: number[]): Tensor {
  return kernel([fromArray(shape, data, "f64")], attrs, {}, ctx([]));
}

describe("permute and transpose", () => {
  it("reorder the shape, cost nothing, own no parameters, and keep a spatial map only when H and W stay last", () => {
    const p = applyOp("permute", [[3, 5, 7]], [[2, 0, 1]]);
    expect(p.shape).toEqual([7, 3, 5]);
    expect(p.cost).toEqual({ macs: 0, flops: 0 });
    expect(p.paramCount).toBe(0);
    expect(p.spatial).toEqual({ kind: "global" });
    expect(applyOp("permute", [[3, 5, 7]], [[0, 1, 2]]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("permute", [[2, 3, 5, 7]], [[1, 0, 2, 3]]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("permute", [[4, 6]], [[1, 0]]).shape).toEqual([6, 4]);
    const t = applyOp("transpose", [[3, 5, 7]], [1, 2]);
    expect(t.shape).toEqual([3, 7, 5]);
    expect(t.cost).toEqual({ macs: 0, flops: 0 });
    expect(t.paramCount).toBe(0);
    expect(t.spatial).toEqual({ kind: "global" });
    expect(applyOp("transpose", [[3, 5, 7]]).shape).toEqual([5, 3, 7]);
    // The default swap of axes 0 and 1 moves H of [C, H, W]; of [G, C, H, W] it leaves H and W in place.
    expect(applyOp("transpose", [[3, 5, 7]]).spatial).toEqual({ kind: "global" });
    expect(applyOp("transpose", [[2, 3, 5, 7]]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("transpose", [[3, 5, 7]], [], { a: 2, b: 2 }).shape).toEqual([3, 5, 7]);
    expect(lookupOp("permute")!.role ?? "forward").toBe("forward");
  });

  it("refuse permutations of the wrong length, with duplicates or out of range, and transpose axes out of range", () => {
    expect(() => applyOp("permute", [[3, 5, 7]], [[1, 0]])).toThrow(OpError);
    expect(() => applyOp("permute", [[3, 5, 7]], [[1, 0]])).toThrow("dims [1, 0] names 2 axes, but the per-sample input has 3 (the batch axis is not named)");
    expect(() => applyOp("permute", [[3, 5, 7]], [[0, 1, 2, 3]])).toThrow(OpError);
    expect(() => applyOp("permute", [[3, 5, 7]], [[0, 1, 1]])).toThrow("dims [0, 1, 1] names axis 1 twice");
    expect(() => applyOp("permute", [[3, 5, 7]], [[0, 1, 3]])).toThrow("dims [0, 1, 3] names axis 3, outside 0..2 of the per-sample input");
    expect(() => applyOp("permute", [[3, 5, 7]], [[0, -1, 2]])).toThrow(OpError);
    expect(() => applyOp("permute", [[3, 5, 7]], [])).toThrow("permute needs attribute 'dims'");
    expect(() => applyOp("transpose", [[3, 5, 7]], [0, 3])).toThrow("transpose axis b = 3 is outside 0..2 of the per-sample input");
    expect(() => applyOp("transpose", [[3, 5, 7]], [-1, 0])).toThrow(OpError);
    expect(() => applyOp("transpose", [[6]])).toThrow(OpError);
  });

  it("compile docs/language.md's patch embedding", () => {
    const g = graphOf("network k {\ninput x: [3, 8, 8]\noutput y = x |> conv(8, k=2, s=2) |> reshape([8, 16]) |> permute([1, 0])\n}\n");
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[16, 8]]);
  });

  it("their float64 references agree with tf.transpose with the batch axis prepended", () => {
    for (const [shape, dims] of [[[3, 4], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[2, 3, 4, 5], [3, 1, 0, 2]], [[2, 3, 4, 5], [0, 1, 2, 3]]] as const) {
      const full = [2, ...shape];
      const x = values(count(full), 3);
      const want = tf.transpose(tf.tensor(x, full), [0, ...dims.map((d) => d + 1)]);
      const got = run(permuteRef, full, { dims: [...dims] }, x);
      expect(got.shape, `${dims}`).toEqual(want.shape);
      expect([...got.data], `${dims}`).toEqual([...want.dataSync()]);
    }
    for (const [shape, a, b] of [[[3, 4], 0, 1], [[2, 3, 4], 0, 2], [[2, 3, 4, 5], 1, 3], [[2, 3, 4], 1, 1]] as const) {
      const full = [2, ...shape];
      const x = values(count(full), 4);
      const perm = full.map((_, i) => i);
      [perm[a + 1], perm[b + 1]] = [b + 1, a + 1];
      const want = tf.transpose(tf.tensor(x, full), perm);
      const got = run(transposeRef, full, { a, b }, x);
      expect(got.shape, `${a} ${b}`).toEqual(want.shape);
      expect([...got.data], `${a} ${b}`).toEqual([...want.dataSync()]);
    }
  });

  it("their gradient rules emit permute with the inverse permutation, which agrees with tf.grad", () => {
    for (const [shape, dims] of [[[2, 3, 4], [2, 0, 1]], [[2, 3, 4, 5], [1, 3, 0, 2]]] as const) {
      const full = [2, ...shape];
      const x = values(count(full), 5);
      const y = run(permuteRef, full, { dims: [...dims] }, x);
      const dy = values(y.data.length, 6);
      const g = graphOf(`network k {\ninput x: [${shape.join(", ")}]\noutput y = x |> dense(${shape[shape.length - 1]}) |> permute([${dims.join(", ")}])\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`, true);
      const back = g.nodes.filter((n) => n.op === "permute" && n.name !== g.nodes.find((m) => m.op === "permute")!.name);
      expect(back.map((n) => n.attrs.dims)).toEqual([dims.map((_, j) => (dims as readonly number[]).indexOf(j))]);
      const dx = run(permuteRef, [...y.shape], back[0]!.attrs, dy);
      const perm = [0, ...dims.map((d) => d + 1)];
      const want = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.transpose(v, perm), tf.tensor(dy, [...y.shape]))))(tf.tensor(x, full)).dataSync();
      expect([...dx.data]).toEqual([...want]);
    }
    const g = graphOf("network k {\ninput x: [2, 3, 4]\noutput y = x |> conv(2, k=1) |> transpose(0, 2)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(g.nodes.filter((n) => n.op === "permute").map((n) => n.attrs.dims)).toEqual([[2, 1, 0]]);
    const x = values(2 * 24, 7);
    const y = run(transposeRef, [2, 2, 3, 4], { a: 0, b: 2 }, x);
    const dy = values(48, 8);
    const dx = run(permuteRef, [...y.shape], { dims: [2, 1, 0] }, dy);
    const want = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.transpose(v, [0, 3, 2, 1]), tf.tensor(dy, [...y.shape]))))(tf.tensor(x, [2, 2, 3, 4])).dataSync();
    expect([...dx.data]).toEqual([...want]);
  });

  it("their WGSL kernels match the reference forward on ranks 2, 3 and 4, and in a ViT patch embedding's training graph", async () => {
    const fwd = graphOf(
      "network k {\ninput u: [3, 5]\ninput v: [3, 4, 5]\ninput w: [2, 3, 4, 5]\noutput a = u |> permute([1, 0])\noutput b = v |> permute([2, 0, 1])\noutput c = w |> permute([3, 1, 0, 2])\noutput d = v |> transpose(1, 2)\noutput e = w |> transpose\n}\n",
    );
    await expectGpuParity(fwd, 2, 1e-6, { label: (name) => name });

    const tg = graphOf("network k {\ninput x: [3, 8, 8]\noutput y = x |> conv(8, k=2, s=2) |> reshape([8, 16]) |> permute([1, 0]) |> transpose(0, 1) |> transpose(0, 1) |> dense(4)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tg.nodes.filter((n) => n.op === "permute").length).toBeGreaterThanOrEqual(3);
    await expectGpuParity(tg, 2, 1e-4, { label: (name) => name });
  });

  it("pass the finite-difference gradient check through the whole pipeline (float64)", () => {
    for (const body of ["conv(4, k=2, s=2) |> reshape([4, 4]) |> permute([1, 0]) |> dense(3)", "conv(2, k=1) |> permute([2, 0, 1]) |> transpose(0, 2) |> conv(2, k=1)"]) {
      const text = `network k {\ninput x: [2, 4, 4]\noutput y = x |> ${body}\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text, (name) => `${body}: ${name}`);
      expect(opsOf(training)).toContain("permute");
    }
  });
});
