// silu (alias swish), x·σ(x): its definition's facts, its float64
// reference against TF.js's composition x·sigmoid(x) and its gradient (an
// independent implementation), against the closed form and against finite
// differences, its WGSL kernels (unfused, over a wide range of inputs, in a
// training graph, and fused as a conv's epilogue) against the reference, and
// its gradient through the whole pipeline against finite differences.

import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import { buildInferenceProgram } from "../../compiler/codegen/program.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { checkFile } from "../../compiler/pipeline.js";
import { derivative, kernel } from "../../ops/silu/reference.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { relativeError, runBoth } from "../helpers/gpu_parity.js";
import { applyOp } from "../helpers/ops.js";
import { gradcheckSource, opsOf } from "../reference/gradcheck/helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

/** Both sides of 0 out to ±100, where e^(−x) of a naive σ overflows float32 (at x ≈ −88.7). */
const xs = [-100, -40, -20, -5, -1, -0.1, 0, 0.1, 1, 5, 20, 40, 100];

function graphOf(text: string, train = false): Graph {
  const r = checkFile("k.net", { text, train, inputGradients: train });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return train ? r.training!.graph : r.graph!;
}

/** The float64 reference on xs. */
function reference(values: readonly number[]): Float64Array | Float32Array {
  const x = fromArray([values.length], [...values], "f64");
  return kernel([x], {}, {}, { precision: "f64", batch: 1, step: 0, outShape: [values.length], referenceOf: () => undefined }).data;
}

/** |a − b| within tol of max(1, |b|): float32's relative precision on large values, absolute on small ones. */
function expectNear(a: number, b: number, tol: number, what: string): void {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe("silu", () => {
  it("keeps the shape, counts 4 flops per element, owns no parameters and maps pixels to pixels", () => {
    const r = applyOp("silu", [[2, 3, 5]]);
    expect(r.shape).toEqual([2, 3, 5]);
    expect(r.cost).toEqual({ macs: 0, flops: 120 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });

  it("is also spelled swish: `x |> swish` makes a silu node", () => {
    const g = graphOf("network k {\ninput x: [3, 4]\noutput y = x |> swish\n}\n");
    expect(g.nodes.filter((n) => n.op !== "input").map((n) => n.op)).toEqual(["silu"]);
  });

  it("its float64 reference agrees with TF.js's x·sigmoid(x) and its gradient", () => {
    const y = reference(xs);
    const t = tf.tensor1d(xs, "float32");
    const tfY = tf.mul(t, tf.sigmoid(t)).dataSync();
    xs.forEach((v, i) => expectNear(y[i]!, tfY[i]!, 1e-6, `silu(${v})`));
    const dy = xs.map((_, i) => 0.5 + i / 10);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.mul(t, tf.sigmoid(t)), tf.tensor1d(dy, "float32")));
    const tfGrad = tf.grad(f)(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expectNear(derivative(v, dy[i]!, {}), tfGrad[i]!, 1e-6, `silu'(${v})`));
  });

  it("its float64 reference matches the closed form, and its derivative finite differences", () => {
    const y = reference(xs);
    // Where x / (1 + e^(−x)) and its derivative are exact in float64 the reference must match them closely.
    for (const v of xs.filter((v) => Math.abs(v) <= 20)) {
      const s = 1 / (1 + Math.exp(-v));
      expect(y[xs.indexOf(v)]!).toBeCloseTo(v / (1 + Math.exp(-v)), 12);
      expect(derivative(v, 1, {})).toBeCloseTo(s + v * s * (1 - s), 12);
    }
    // Far right silu is x itself; far left it is x·eˣ, not 0.
    expect(y[xs.indexOf(100)]!).toBe(100);
    expect(y[xs.indexOf(-100)]! / (-100 * Math.exp(-100))).toBeCloseTo(1, 12);
    // Known values: silu(0) = 0, silu'(0) = 1/2; the minimum is at x ≈ −1.2785 (where silu' = 0).
    expect(y[xs.indexOf(0)]!).toBe(0);
    expect(derivative(0, 1, {})).toBe(0.5);
    expect(Math.abs(derivative(-1.278464542761074, 1, {}))).toBeLessThan(1e-14);
    // dy scales the derivative linearly.
    expect(derivative(0.7, 3, {})).toBeCloseTo(3 * derivative(0.7, 1, {}), 14);
    // Central differences of the reference kernel, h = 1e-5 (error O(h²)).
    const h = 1e-5;
    for (const v of [-30, -8, -3, -1.5, -0.4, 0.3, 1.2, 2.5, 7, 30]) {
      const [lo, hi] = reference([v - h, v + h]);
      expect(Math.abs(derivative(v, 1, {}) - (hi! - lo!) / (2 * h)), `x = ${v}`).toBeLessThan(1e-8);
    }
  });

  it("its WGSL kernel matches the reference, forward and backward (unary_grad with silu's derivative)", async () => {
    const fwd = graphOf("network k {\ninput x: [5, 7, 3]\noutput y = x |> silu\n}\n");
    const ids = fwd.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const f = await runBoth(fwd, 3, ids);
    for (const id of ids) expect(relativeError(f.gpu.get(id)!, f.ref.get(id)!)).toBeLessThan(1e-5);

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\noutput y = x |> silu |> prelu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    const grads = tg.nodes.filter((n) => n.op === "unary_grad");
    expect(grads.map((n) => n.attrs.fn)).toEqual(["silu"]);
    const read = tg.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const b = await runBoth(tg, 3, read);
    for (const id of read) expect(relativeError(b.gpu.get(id)!, b.ref.get(id)!), tg.nodes[id]!.name).toBeLessThan(1e-4);
  });

  it("its WGSL kernel stays finite and matches the reference element for element on inputs out to about ±150", async () => {
    // Channels scaled by 1, 8, 30 and 60 (scale's weight) spread normal feeds over the range where a naive σ overflows.
    const g = graphOf("network k {\ninput x: [4, 64]\noutput y = x |> scale(bias=false) |> silu\n}\n");
    const params = initParams(g, 1, "f32");
    expect(params.size).toBe(1);
    for (const t of params.values()) t.data.set([1, 8, 30, 60]);
    const id = g.nodes.find((n) => n.op === "silu")!.id;
    const r = await runBoth(g, 2, [id], { params });
    const [gpu, ref] = [r.gpu.get(id)!, r.ref.get(id)!];
    expect(Math.max(...Array.from(ref, Math.abs))).toBeGreaterThan(90);
    gpu.forEach((v, i) => {
      expect(Number.isFinite(v), `element ${i}`).toBe(true);
      expectNear(v, ref[i]!, 1e-5, `element ${i}`);
    });
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const g = graphOf("network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> silu\n}\n");
    const program = buildInferenceProgram(g, 2);
    expect(program.kernels).toHaveLength(1);
    expect(program.kernels[0]!.nodes.map((n) => g.nodes.find((m) => m.name === n)!.op).sort()).toEqual(["conv", "silu"]);
    expect(program.kernels[0]!.code).toContain("sigmoid_");
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64)", () => {
    const text = "network k {\ninput x: [2, 3, 3]\noutput y = x |> conv(2, k=1) |> silu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    // gradcheckSource fails the test where any tensor's relative error exceeds 1e-6.
    const { training, result } = gradcheckSource(text, { seed: 3, batch: 2, samples: 1e9 });
    expect(opsOf(training)).toContain("unary_grad");
    expect(training.graph.nodes.filter((n) => n.op === "unary_grad").map((n) => n.attrs.fn)).toEqual(["silu"]);
    expect(result.tensors.some((t) => t.kind === "input")).toBe(true);
    for (const t of result.tensors) expect(t.checked, t.name).toBe(t.size);
  });
});
