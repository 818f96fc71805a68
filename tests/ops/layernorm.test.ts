// layernorm, PyTorch's nn.LayerNorm(D) over the last axis of a per-sample
// [D] or [T, D] (the ViT case): its definition's facts and errors, its
// float64 reference and its gradient references against TF.js compositions
// (tf.moments over the last axis, then (x − mean)/√(var + eps)·w + b, and
// tf.grads of that; γ's gradient is the rule's Σ dy·layernorm(x, affine =
// false)), its WGSL kernels (layernorm, layernorm_grad_input) on WebGPU
// against the reference, and the gradient through the whole pipeline
// against finite differences in float64.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { OpError } from "../../ops/contract.js";
import { kernel as lnRef } from "../../ops/layernorm/reference.js";
import { kernel as lnGradInputRef } from "../../ops/layernorm_grad_input/reference.js";
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

const [N, T, D] = [2, 3, 5];
const X = values(N * T * D, 1);
const DY = values(N * T * D, 4);
const W = values(D, 7).map((v) => v + 1.5);
const B = values(D, 9);

/** The graph's initial weights, moved off layernorm's γ = 1 and β = 0 so the kernels' indexing of them is exercised. */
function perturbed(g: Graph): Map<string, Tensor> {
  const params = initParams(g, 1, "f32");
  for (const t of params.values()) for (let i = 0; i < t.data.length; i++) t.data[i] = t.data[i]! + 0.25 * Math.sin(3 * i + 1);
  return params;
}

describe("layernorm", () => {
  it("keeps its input's shape, owns weight [D] = 1 and bias [D] = 0, costs 8 flops per element", () => {
    const r = applyOp("layernorm", [[197, 768]]);
    expect(r.shape).toEqual([197, 768]);
    expect(r.attrs).toEqual({ eps: 1e-5, affine: true });
    expect(r.params).toEqual([
      { role: "weight", shape: [768], kind: "weight", init: { fill: 1 } },
      { role: "bias", shape: [768], kind: "bias", init: { fill: 0 } },
    ]);
    expect(r.paramCount).toBe(2 * 768);
    expect(r.cost).toEqual({ macs: 0, flops: 8 * 197 * 768 });
    expect(r.spatial).toEqual({ kind: "global" });
    const v = applyOp("layernorm", [[64]], [], { eps: 1e-6, affine: false });
    expect(v.shape).toEqual([64]);
    expect(v.paramCount).toBe(0);
    expect(v.spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("layer_norm", [[4, 8]]).shape).toEqual([4, 8]);
    expect(() => applyOp("layernorm", [[]])).toThrow(OpError);
  });

  it("its input gradient op checks x against dy and keeps x's shape", () => {
    const gi = applyOp("layernorm_grad_input", [[4, 8], [4, 8]]);
    expect(gi.shape).toEqual([4, 8]);
    expect(gi.params.map((p) => [p.role, p.shape])).toEqual([["weight", [8]]]);
    expect(gi.cost).toEqual({ macs: 0, flops: 13 * 32 });
    expect(applyOp("layernorm_grad_input", [[4, 8], [4, 8]], [], { affine: false }).params).toEqual([]);
    expect(() => applyOp("layernorm_grad_input", [[4, 8], [4, 7]])).toThrow(OpError);
  });

  it("compiles the ViT form: tokens [T, D] normalised over D, then a projection", () => {
    const g = graphOf("network k {\ninput x: [17, 64]\noutput y = x |> layernorm(eps=1e-6) |> dense(128)\n}\n");
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[17, 128]]);
  });

  const tfForward = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, eps: number) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), w), b);
  };

  it("its float64 reference agrees with TF.js's moments composition, with and without affine", () => {
    const x = tf.tensor3d(X, [N, T, D]);
    for (const eps of [1e-5, 0.1]) {
      const y = lnRef([fromArray([N, T, D], X, "f64")], { eps, affine: true }, { weight: fromArray([D], W, "f64"), bias: fromArray([D], B, "f64") }, ctx([T, D]));
      const want = tfForward(x, tf.tensor1d(W), tf.tensor1d(B), eps).dataSync();
      y.data.forEach((v, i) => expect(v, `eps ${eps} [${i}]`).toBeCloseTo(want[i]!, 5));
      const plain = lnRef([fromArray([N, T, D], X, "f64")], { eps, affine: false }, {}, ctx([T, D]));
      const wantPlain = tfForward(x, tf.onesLike(tf.tensor1d(W)), tf.zerosLike(tf.tensor1d(B)), eps).dataSync();
      plain.data.forEach((v, i) => expect(v, `no affine, eps ${eps} [${i}]`).toBeCloseTo(wantPlain[i]!, 5));
    }
    // A [D] input is one row per sample.
    const row = lnRef([fromArray([2, D], X.slice(0, 2 * D), "f64")], { eps: 1e-5, affine: false }, {}, ctx([D]));
    const wantRow = tfForward(tf.tensor2d(X.slice(0, 2 * D), [2, D]), tf.scalar(1), tf.scalar(0), 1e-5).dataSync();
    row.data.forEach((v, i) => expect(v).toBeCloseTo(wantRow[i]!, 5));
  });

  it("its gradients agree with tf.grads of that composition (x by its reference; γ as Σ dy·x̂, β as Σ dy, the rule's reduce_axis)", () => {
    const eps = 1e-5;
    const dyT = tf.tensor3d(DY, [N, T, D]);
    const [gx, gw, gb] = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tfForward(x, w, b, eps), dyT)))([
      tf.tensor3d(X, [N, T, D]),
      tf.tensor1d(W),
      tf.tensor1d(B),
    ]) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const inputs: Tensor[] = [fromArray([N, T, D], X, "f64"), fromArray([N, T, D], DY, "f64")];
    const dx = lnGradInputRef(inputs, { eps, affine: true }, { weight: fromArray([D], W, "f64") }, ctx([T, D]));
    const gxs = gx.dataSync();
    dx.data.forEach((v, i) => expect(v, `dx[${i}]`).toBeCloseTo(gxs[i]!, 4));
    // γ's gradient as the rule builds it: x̂ by the plain layernorm, times dy, summed over the batch and rows.
    const xhat = lnRef([inputs[0]!], { eps, affine: false }, {}, ctx([T, D])).data;
    const gws = gw.dataSync();
    for (let j = 0; j < D; j++) expect(DY.reduce((s, v, i) => (i % D === j ? s + v * xhat[i]! : s), 0), `dw[${j}]`).toBeCloseTo(gws[j]!, 4);
    // β's gradient is Σ dy over the batch and rows (reduce_axis over the last axis).
    const gbs = gb.dataSync();
    for (let j = 0; j < D; j++) expect(DY.filter((_, i) => i % D === j).reduce((s, v) => s + v, 0)).toBeCloseTo(gbs[j]!, 5);
    // Without affine, γ = 1.
    const dxPlain = lnGradInputRef(inputs, { eps, affine: false }, {}, ctx([T, D]));
    const gPlain = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tfForward(x, tf.scalar(1), tf.scalar(0), eps), dyT)))(tf.tensor3d(X, [N, T, D])).dataSync();
    dxPlain.data.forEach((v, i) => expect(v, `dx plain[${i}]`).toBeCloseTo(gPlain[i]!, 4));
  });

  it("its WGSL kernels match the reference, forward and in a training graph", async () => {
    const fwd = graphOf("network k {\ninput x: [6, 16]\ninput v: [16]\noutput a = x |> layernorm\noutput b = x |> layernorm(eps=1e-3, affine=false)\noutput c = v |> layernorm\n}\n");
    await expectGpuParity(fwd, 2, 1e-4, { params: perturbed(fwd), label: (name) => name });

    const tg = graphOf("network k {\ninput x: [6, 16]\noutput y = x |> layernorm |> dense(16) |> layernorm(affine=false) |> dense(8)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tg.nodes.filter((n) => n.op === "layernorm_grad_input")).toHaveLength(2);
    // Two forward layernorms and one recomputing x̂ for the affine one's γ gradient.
    expect(tg.nodes.filter((n) => n.op === "layernorm").map((n) => n.attrs.affine)).toEqual([true, false, false]);
    await expectGpuParity(tg, 2, 1e-4, { params: perturbed(tg), label: (name) => name });
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), on [T, D] and [D]", () => {
    for (const shape of ["[3, 5]", "[6]"]) {
      const text = `network k {\ninput x: ${shape}\noutput y = x |> dense(5) |> layernorm(eps=0.1) |> dense(4) |> layernorm(eps=0.01, affine=false)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text, (name) => `${shape}: ${name}`);
      expect(opsOf(training)).toContain("layernorm_grad_input");
      expect(training.graph.nodes.filter((n) => n.op === "layernorm")).toHaveLength(3);
    }
  });
});
