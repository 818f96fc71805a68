// Three whole training steps on WebGPU against the float64 reference
// executor with the shared optimizer rules: the losses of every step, and
// every parameter (BN running statistics included) after the third. The
// check of tests/runtime/webgpu/training_step*.test.ts.

import { expect } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import { execute } from "../../reference/executor.js";
import { integerRange } from "../../reference/gradcheck.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { backwardKernels } from "../../ops/implementations.js";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { createOptimizer, type Vec } from "../../host/training/optimizers.js";
import { GpuTrainer } from "../../host/training/trainer.js";
import { relativeError, sharedDevice } from "./gpu_parity.js";

export const BATCH = 3;
const STEPS = 3;

function referenceSteps(text: string, feeds: Map<string, Tensor>, params: Map<string, Tensor>, lr: number, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train: true, inputs });
  const t = r.training!;
  const fwd = r.graph!;
  const vecs = new Map<string, Vec>([...params].map(([k, v]) => [k, v.data]));
  const opt = createOptimizer(fwd.train!.optimizer, [...fwd.params.values()].map((p) => ({ name: p.name, kind: p.kind, size: params.get(p.name)!.data.length, shape: p.shape, trainable: p.trainable })));
  const losses: number[][] = [];
  for (let s = 0; s < STEPS; s++) {
    const res = execute(t.graph, { feeds, params, batch: BATCH, precision: "f64", step: 0, kernels: backwardKernels });
    losses.push([...t.losses.map((l) => res.values[l.node]!.data[0]!), res.values[t.loss]!.data[0]!]);
    const grads = new Map<string, Vec>([...t.gradients].map(([name, id]) => [name, Float64Array.from(res.values[id]!.data)]));
    opt.step(vecs, grads, lr);
    for (const n of fwd.nodes.filter((x) => x.op === "bn")) {
      const st = res.bnStats.get(n.name)!;
      const m = n.attrs.momentum as number;
      const rm = params.get(n.params.running_mean!)!.data;
      const rv = params.get(n.params.running_var!)!.data;
      for (let c = 0; c < rm.length; c++) {
        rm[c] = (1 - m) * rm[c]! + m * st.mean.data[c]!;
        rv[c] = (1 - m) * rv[c]! + m * st.var.data[c]!;
      }
    }
  }
  return { losses, params };
}

export async function compare(text: string, lr: number, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train: true, inputs });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  const t = r.training!;
  const g = t.graph;
  const rng = new Rng(7);
  // Weights rounded to float32 once, so both sides start from the same numbers.
  const init = initParams(r.graph!, 3, "f32");
  const start = new Map([...init].map(([k, v]) => [k, fromArray(v.shape, v.data)]));
  const feeds = new Map<string, Tensor>();
  const gpuFeeds = new Map<string, Float32Array | Int32Array>();
  for (const id of g.inputs) {
    const n = g.nodes[id]!;
    const count = BATCH * n.shape.reduce((a, b) => a * b, 1);
    const range = n.dtype === "i32" ? integerRange(t, id) : 0;
    const values = Array.from({ length: count }, () => (n.dtype === "i32" ? Math.floor(rng.uniform() * range) : Math.fround(rng.normal())));
    feeds.set(n.name, fromArray([BATCH, ...n.shape], values));
    gpuFeeds.set(n.name, n.dtype === "i32" ? Int32Array.from(values) : Float32Array.from(values));
  }
  const ref = referenceSteps(text, feeds, start, lr, inputs);
  const { device } = await sharedDevice();
  const trainer = await GpuTrainer.create(device, t, BATCH);
  trainer.loadParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
  const gpuLosses: number[][] = [];
  for (let s = 0; s < STEPS; s++) gpuLosses.push((await trainer.step(gpuFeeds, lr, true))!);
  const after = await trainer.readParams();
  trainer.destroy();
  for (let s = 0; s < STEPS; s++) expect(relativeError(gpuLosses[s]!, ref.losses[s]!), `losses of step ${s + 1}`).toBeLessThan(1e-4);
  for (const [name, v] of ref.params) expect(relativeError(after.get(name)!, v.data), name).toBeLessThan(1e-4);
}

