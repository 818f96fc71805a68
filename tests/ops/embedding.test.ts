// embedding, PyTorch's nn.Embedding(num, dim) on i32 ids of any per-sample
// shape: its definition's facts and errors (a float input, bad num or dim),
// its float64 reference against TF.js's tf.gather and the weight gradient
// against tf.grad of it (an unsorted segment sum), the reference's refusal
// of out-of-range ids, its WGSL kernels (embedding, embedding_grad_weight)
// on WebGPU against the reference (forward; the zero row for out-of-range
// ids; a training graph; three training steps), and the weight gradient
// against finite differences in float64.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { lowerGraph } from "../../compiler/codegen/lower.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { checkFile } from "../../compiler/pipeline.js";
import { GpuExecutor } from "../../host/webgpu/executor.js";
import { createOptimizer, type Vec } from "../../host/training/optimizers.js";
import { GpuTrainer } from "../../host/training/trainer.js";
import { AttrError } from "../../ops/attrs.js";
import { OpError } from "../../ops/contract.js";
import { kernel as embRef } from "../../ops/embedding/reference.js";
import { kernel as embGradRef } from "../../ops/embedding_grad_weight/reference.js";
import { backwardKernels } from "../../ops/implementations.js";
import { execute } from "../../reference/executor.js";
import { relativeError, runBoth, sharedDevice } from "../helpers/gpu_parity.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGradcheck } from "../helpers/op_checks.js";
import { compileTraining, opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Deterministic values in [−1, 1) that are exact in float32. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 64) - 32) / 32);
}

const [N, T, NUM, DIM] = [2, 5, 7, 3];
// Repeats within and across samples; rows 2 and 6 unused.
const IDS = [1, 4, 1, 0, 3, 5, 4, 1, 0, 3];
const WEIGHT = values(NUM * DIM, 2);
const DY = values(N * T * DIM, 5);

/** The name of the (first) embedding node's weight in g. */
const weightOf = (g: { nodes: readonly { op: string; params: Readonly<Record<string, string>> }[] }) => g.nodes.find((n) => n.op === "embedding")!.params.weight!;

const errorsOf = (text: string) => checkFile("k.net", { text }).diagnostics.filter((d) => d.severity === "error");

describe("embedding", () => {
  it("maps ids of shape S to S + [dim], owns weight [num, dim] drawn N(0, 1), costs nothing, is global", () => {
    const r = applyOp("embedding", [[16]], [1000, 64]);
    expect(r.shape).toEqual([16, 64]);
    expect(r.attrs).toEqual({ num: 1000, dim: 64 });
    expect(r.params).toEqual([{ role: "weight", shape: [1000, 64], kind: "weight", init: { normal: 1 } }]);
    expect(r.paramCount).toBe(64000);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.spatial).toEqual({ kind: "global" });
    expect(applyOp("embedding", [[4, 6]], [], { num_embeddings: 10, embedding_dim: 8 }).shape).toEqual([4, 6, 8]);
    expect(applyOp("embedding", [[]], [10, 8]).shape).toEqual([8]);
  });

  it("refuses a bad num or dim, and its weight gradient checks dy against the ids", () => {
    expect(() => applyOp("embedding", [[4]], [0, 8])).toThrow(AttrError);
    expect(() => applyOp("embedding", [[4]], [10, 0])).toThrow("'dim' must be at least 1, got 0");
    expect(() => applyOp("embedding", [[4]], [2.5, 8])).toThrow("'num' must be an integer, got 2.5");
    expect(() => applyOp("embedding", [[4]], [10])).toThrow(AttrError);
    const gw = applyOp("embedding_grad_weight", [[4, 6], [4, 6, 8]], [10, 8]);
    expect(gw.shape).toEqual([10, 8]);
    expect(gw.cost).toEqual({ macs: 0, flops: 4 * 6 * 8 });
    expect(gw.params).toEqual([]);
    expect(() => applyOp("embedding_grad_weight", [[4, 6], [4, 6, 7]], [10, 8])).toThrow(OpError);
    expect(() => applyOp("embedding_grad_weight", [[4, 6], [6, 4, 8]], [10, 8])).toThrow("dy has shape [6, 4, 8], but embedding gives [4, 6, 8] for ids of shape [4, 6]");
  });

  it("compiles `ids |> embedding(1000, 64)` on an i32 input and refuses float values, naming what it got and what it needs", () => {
    const g = graphOf("network k {\ninput ids: i32[16]\noutput y = ids |> embedding(1000, 64) |> dense(10)\n}\n");
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[16, 10]]);
    expect(g.nodes.find((n) => n.op === "embedding")!.dtype).toBe("f32");
    const floatInput = errorsOf("network k {\ninput x: [16]\noutput y = x |> embedding(1000, 64)\n}\n");
    expect(floatInput.map((d) => d.message)).toEqual(["embedding 'embedding1': input 1 ('x') holds f32 values, but embedding needs i32"]);
    expect(floatInput[0]!.expected).toBe("an i32 tensor, such as an input declared 'input ids: i32[T]'");
    expect(floatInput[0]!.span?.source.text.slice(floatInput[0]!.span.start, floatInput[0]!.span.end)).toContain("embedding(1000, 64)");
    // A float layer's output is refused too.
    expect(errorsOf("network k {\ninput ids: i32[4]\noutput y = ids |> embedding(10, 8) |> embedding(10, 8)\n}\n").map((d) => d.message)).toEqual([
      expect.stringMatching(/^embedding '.*': input 1 \('.*'\) holds f32 values, but embedding needs i32$/),
    ]);
    expect(errorsOf("network k {\ninput ids: i32[4]\noutput y = ids |> embedding(0, 8)\n}\n").map((d) => d.message)).toEqual(["embedding 'embedding1': 'num' must be at least 1, got 0"]);
  });

  it("its float64 reference is tf.gather, and its weight gradient tf.grad of it (an unsorted segment sum)", () => {
    const ids = fromArray([N, T], IDS, "f64");
    const y = embRef([ids], { num: NUM, dim: DIM }, { weight: fromArray([NUM, DIM], WEIGHT, "f64") }, refContext([T, DIM], N));
    expect(y.shape).toEqual([N, T, DIM]);
    const idsT = tf.tensor2d(IDS, [N, T], "int32");
    expect([...y.data]).toEqual([...tf.gather(tf.tensor2d(WEIGHT, [NUM, DIM]), idsT).dataSync()]);
    const dyT = tf.tensor3d(DY, [N, T, DIM]);
    const want = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.gather(w, idsT), dyT)))(tf.tensor2d(WEIGHT, [NUM, DIM])).dataSync();
    const dw = embGradRef([ids, fromArray([N, T, DIM], DY, "f64")], { num: NUM, dim: DIM }, {}, refContext([NUM, DIM]));
    expect(dw.shape).toEqual([NUM, DIM]);
    dw.data.forEach((v, i) => expect(v, `dw[${i}]`).toBeCloseTo(want[i]!, 6));
    // The unused rows' gradient is zero, and a repeated id's is a true sum.
    for (const row of [2, 6]) for (let d = 0; d < DIM; d++) expect(dw.data[row * DIM + d]).toBe(0);
    expect(dw.data[1 * DIM]).toBeCloseTo(DY[0]! + DY[2 * DIM]! + DY[7 * DIM]!, 12);
  });

  it("its reference refuses an id outside 0..num − 1 or not whole, as PyTorch raises", () => {
    const weight = { weight: fromArray([NUM, DIM], WEIGHT, "f64") };
    const run = (ids: number[]) => () => embRef([fromArray([1, ids.length], ids, "f64")], { num: NUM, dim: DIM }, weight, refContext([ids.length, DIM]));
    expect(run([0, 3, 7])).toThrow("embedding: id 7 at position 2 of the ids [1, 3] is not a row of the table (expected a whole number in 0..6)");
    expect(run([-1])).toThrow("id -1 at position 0");
    expect(run([1.5])).toThrow("id 1.5 at position 0");
    expect(run([0, 6])).not.toThrow();
  });

  it("its WGSL kernel matches the reference on ids of shapes [T] and [H, W], and writes a zero row for an out-of-range id", async () => {
    const fwd = graphOf("network k {\ninput ids: i32[6]\ninput grid: i32[2, 3]\noutput a = ids |> embedding(11, 5)\noutput b = grid |> embedding(4, 16)\n}\n");
    const read = fwd.outputs.map((o) => o.node);
    const r = await runBoth(fwd, 3, read, { classes: 4 });
    for (const id of read) expect(relativeError(r.gpu.get(id)!, r.ref.get(id)!), fwd.nodes[id]!.name).toBeLessThan(1e-6);

    // Ids −1, num and far past it read nothing and give zeros; the others their rows.
    const g = graphOf("network k {\ninput ids: i32[6]\noutput y = ids |> embedding(5, 4)\n}\n");
    const params = initParams(g, 1, "f32");
    const w = params.get(weightOf(g))!.data;
    const ids = Int32Array.from([3, -1, 5, 0, 1000000, 4]);
    const { device } = await sharedDevice();
    const gpu = await GpuExecutor.create(device, g, lowerGraph(g, 1, device.limits.maxComputeWorkgroupsPerDimension));
    gpu.writeParams(new Map([...params].map(([k, t]) => [k, Float32Array.from(t.data)])));
    const out = (await gpu.run(new Map([["ids", ids]]), [g.outputs[0]!.node])).get(g.outputs[0]!.node)!;
    gpu.destroy();
    const want = [...ids].flatMap((v) => Array.from({ length: 4 }, (_, d) => (v >= 0 && v < 5 ? Math.fround(w[v * 4 + d]!) : 0)));
    expect([...out]).toEqual(want);
  });

  const TRAIN = "network k {\ninput ids: i32[6]\noutput y = ids |> embedding(9, 4) |> dense(3)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1, momentum = 0.9)\n}\n";

  it("its training graph on WebGPU matches the reference, embedding_grad_weight included", async () => {
    const tg = graphOf(TRAIN, true);
    expect(tg.nodes.filter((n) => n.op === "embedding_grad_weight")).toHaveLength(1);
    const read = tg.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const r = await runBoth(tg, 4, read, { classes: 9 });
    for (const id of read) expect(relativeError(r.gpu.get(id)!, r.ref.get(id)!), tg.nodes[id]!.name).toBeLessThan(1e-4);
  });

  it("trains three steps on WebGPU as the float64 reference does (ids with repeats), within 1e-4 on every weight", async () => {
    const BATCH = 3;
    const r = checkFile("k.net", { text: TRAIN, train: true });
    const t = r.training!;
    const fwd = r.graph!;
    // Ids with repeats in and across samples; rows 2 and 8 never used.
    const ids = [0, 1, 1, 3, 7, 0, 4, 4, 4, 5, 6, 1, 0, 3, 7, 6, 5, 1];
    const rng = new Rng(7);
    const target = Array.from({ length: BATCH * 6 * 3 }, () => Math.fround(rng.normal()));
    const feeds = new Map<string, Tensor>([
      ["ids", fromArray([BATCH, 6], ids)],
      ["t", fromArray([BATCH, 6, 3], target)],
    ]);
    const init = initParams(fwd, 3, "f32");
    const lr = 0.1;

    const params = new Map([...init].map(([k, v]) => [k, fromArray(v.shape, v.data)]));
    const vecs = new Map<string, Vec>([...params].map(([k, v]) => [k, v.data]));
    const opt = createOptimizer(fwd.train!.optimizer, [...fwd.params.values()].map((p) => ({ name: p.name, kind: p.kind, size: params.get(p.name)!.data.length, shape: p.shape, trainable: p.trainable })));
    const refLosses: number[] = [];
    for (let s = 0; s < 3; s++) {
      const res = execute(t.graph, { feeds, params, batch: BATCH, precision: "f64", step: 0, kernels: backwardKernels });
      refLosses.push(res.values[t.loss]!.data[0]!);
      opt.step(vecs, new Map([...t.gradients].map(([name, id]) => [name, Float64Array.from(res.values[id]!.data)])), lr);
    }

    const { device } = await sharedDevice();
    const trainer = await GpuTrainer.create(device, t, BATCH);
    trainer.loadParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
    const gpuFeeds = new Map<string, Float32Array | Int32Array>([
      ["ids", Int32Array.from(ids)],
      ["t", Float32Array.from(target)],
    ]);
    const gpuLosses: number[] = [];
    for (let s = 0; s < 3; s++) gpuLosses.push((await trainer.step(gpuFeeds, lr, true))!.at(-1)!);
    const after = await trainer.readParams();
    trainer.destroy();

    expect(relativeError(gpuLosses, refLosses)).toBeLessThan(1e-4);
    for (const [name, v] of params) expect(relativeError(after.get(name)!, v.data), name).toBeLessThan(1e-4);
    // The unused rows kept their start; the used ones moved.
    const start = init.get(weightOf(fwd))!.data;
    const end = params.get(weightOf(fwd))!.data;
    for (const row of [2, 8]) for (let d = 0; d < 4; d++) expect(end[row * 4 + d]).toBe(start[row * 4 + d]);
    expect(end[4 * 4]).not.toBe(start[4 * 4]);
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), ids fixed", () => {
    const text = "network k {\ninput ids: i32[5]\ninput x: [5, 4]\ne = ids |> embedding(3, 4)\noutput y = add(e, x |> dense(4)) |> dense(2)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training, result } = expectGradcheck(text);
    expect(opsOf(training)).toContain("embedding_grad_weight");
    expect(result.tensors.map((t) => t.name)).toContain(weightOf(training.graph));
    // The ids are integers: no gradient is asked of them.
    expect([...training.inputGradients.keys()]).toEqual(["x"]);
  });

  it("matches central differences in float64 on the weight for chosen ids with repeats", () => {
    const { training: t } = compileTraining("network k {\ninput ids: i32[5]\noutput y = ids |> embedding(6, 3) |> dense(2)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", { inputGradients: false });
    const feeds = new Map<string, Tensor>([
      ["ids", fromArray([2, 5], [5, 0, 5, 2, 2, 1, 5, 0, 3, 3], "f64")],
      ["t", fromArray([2, 5, 2], values(20, 3), "f64")],
    ]);
    const params = initParams(t.graph, 5, "f64");
    const run = () => execute(t.graph, { feeds, params, batch: 2, precision: "f64", step: 0, kernels: backwardKernels }).values;
    const analytic = run()[t.gradients.get(weightOf(t.graph))!]!.data;
    const w = params.get(weightOf(t.graph))!.data;
    const eps = 1e-6;
    for (let i = 0; i < w.length; i++) {
      const keep = w[i]!;
      w[i] = keep + eps;
      const up = run()[t.loss]!.data[0]!;
      w[i] = keep - eps;
      const down = run()[t.loss]!.data[0]!;
      w[i] = keep;
      const numeric = (up - down) / (2 * eps);
      expect(Math.abs(analytic[i]! - numeric), `weight[${i}]: ${analytic[i]} vs ${numeric}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(numeric)));
    }
    // Row 4 holds no id: its gradient is exactly zero.
    expect([...analytic.slice(12, 15)]).toEqual([0, 0, 0]);
  });
});
