// softplus, the worked example of docs/contributing.md: its definition's
// facts, its float64 reference against TF.js (an independent
// implementation), its WGSL kernels (unfused, and fused as a conv's
// epilogue) against the reference, and its gradient through the whole
// pipeline against finite differences.

import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import { buildInferenceProgram } from "../../compiler/codegen/program.js";
import { checkFile } from "../../compiler/pipeline.js";
import { derivative, kernel } from "../../ops/softplus/reference.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { relativeError, runBoth } from "../helpers/gpu_parity.js";
import { applyOp } from "../helpers/ops.js";
import { gradcheckSource, opsOf } from "../reference/gradcheck/helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

/** Both sides of 0 out to ±100, where a naive log(1 + eˣ) overflows float32 (eˣ passes 3.4e38 at x ≈ 88.7). */
const xs = [-100, -40, -20, -5, -1, -0.1, 0, 0.1, 1, 5, 20, 40, 100];

function graphOf(text: string, train = false): Graph {
  const r = checkFile("k.net", { text, train, inputGradients: train });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return train ? r.training!.graph : r.graph!;
}

describe("softplus", () => {
  it("keeps the shape, counts 6 flops per element, owns no parameters and maps pixels to pixels", () => {
    const r = applyOp("softplus", [[2, 3, 5]]);
    expect(r.shape).toEqual([2, 3, 5]);
    expect(r.cost).toEqual({ macs: 0, flops: 180 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });

  it("its float64 reference agrees with TF.js's softplus and its gradient", () => {
    const x = fromArray([xs.length], xs, "f64");
    const y = kernel([x], {}, {}, { precision: "f64", batch: 1, step: 0, outShape: [xs.length], referenceOf: () => undefined });
    const tfY = tf.softplus(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expect(y.data[i]!).toBeCloseTo(tfY[i]!, 5));
    // Where log(1 + eˣ) is exact in float64 the reference must match it closely.
    xs.filter((v) => Math.abs(v) <= 20).forEach((v) => expect(y.data[xs.indexOf(v)]!).toBeCloseTo(Math.log(1 + Math.exp(v)), 12));
    // Far right softplus is x itself; far left it is eˣ, not 0.
    expect(y.data[xs.indexOf(100)]!).toBe(100);
    expect(y.data[xs.indexOf(-100)]! / Math.exp(-100)).toBeCloseTo(1, 12);
    const dy = xs.map((_, i) => 0.5 + i / 10);
    const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softplus(t), tf.tensor1d(dy, "float32"))))(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expect(derivative(v, dy[i]!, {})).toBeCloseTo(tfGrad[i]!, 5));
  });

  it("its WGSL kernel matches the reference, forward and backward (unary_grad with softplus's derivative)", async () => {
    const fwd = graphOf("network k {\ninput x: [5, 7, 3]\noutput y = x |> softplus\n}\n");
    const ids = fwd.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const f = await runBoth(fwd, 3, ids);
    for (const id of ids) expect(relativeError(f.gpu.get(id)!, f.ref.get(id)!)).toBeLessThan(1e-5);

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\noutput y = x |> softplus |> prelu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    const grads = tg.nodes.filter((n) => n.op === "unary_grad");
    expect(grads.map((n) => n.attrs.fn)).toEqual(["softplus"]);
    const read = tg.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const b = await runBoth(tg, 3, read);
    for (const id of read) expect(relativeError(b.gpu.get(id)!, b.ref.get(id)!), tg.nodes[id]!.name).toBeLessThan(1e-4);
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const g = graphOf("network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> softplus\n}\n");
    const program = buildInferenceProgram(g, 2);
    expect(program.kernels).toHaveLength(1);
    expect(program.kernels[0]!.nodes.map((n) => g.nodes.find((m) => m.name === n)!.op).sort()).toEqual(["conv", "softplus"]);
    expect(program.kernels[0]!.code).toContain("log1p_");
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64)", () => {
    const text = "network k {\ninput x: [2, 3, 3]\noutput y = x |> conv(2, k=1) |> softplus\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    // gradcheckSource fails the test where any tensor's relative error exceeds 1e-6.
    const { training, result } = gradcheckSource(text, { seed: 3, batch: 2, samples: 1e9 });
    expect(opsOf(training)).toContain("unary_grad");
    expect(result.tensors.some((t) => t.kind === "input")).toBe(true);
    for (const t of result.tensors) expect(t.checked, t.name).toBe(t.size);
  });
});
