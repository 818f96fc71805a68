// The WebGPU training loop (host/training/gpu_loop.ts) on the tiny conv
// net of examples/tiny-train: it learns, its per-step losses follow the
// float64 reference loop's (same seed, same batches) for the first epoch,
// the last partial batch runs exactly as the reference runs it (or is
// dropped on request), a resumed run continues bit for bit, evaluation in
// eval mode matches evaluate(), and a diverging loss stops with the step.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyData } from "../../../examples/tiny-train/make_data.js";
import type { Graph } from "../../../core/ir/graph.js";
import type { TrainingGraph } from "../../../compiler/passes/autodiff.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { loadDataset, type Dataset } from "../../../host/data/dataset.js";
import { GpuEvaluator, trainWebGpu, type GpuTrainState } from "../../../host/training/gpu_loop.js";
import { evaluate, trainReference, TrainingError } from "../../../host/training/loop.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const NET = join(root, "examples/tiny-train/net.net");
const tmp = mkdtempSync(join(tmpdir(), "dlc-gpu-train-"));

function compile(text?: string): { graph: Graph; training: TrainingGraph } {
  const r = checkFile(NET, { train: true, text });
  if (!r.graph || !r.training) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return { graph: r.graph, training: r.training };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

let net: { graph: Graph; training: TrainingGraph };
let train: Dataset;
let val: Dataset;
let device: GPUDevice;
beforeAll(async () => {
  makeTinyData(tmp); // 240 training and 60 validation samples
  net = compile();
  train = loadDataset(join(tmp, "train"), net.graph);
  val = loadDataset(join(tmp, "val"), net.graph);
  device = (await sharedDevice()).device;
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  (await sharedDevice()).device.destroy();
});

// The slowest test (two runs of 2 epochs) about 13 s on an idle 2-core machine.
describe("trainWebGpu on the tiny conv net", { timeout: limitFor(13) }, () => {
  it("learns in 2 epochs, with the reference loop's step losses in the first epoch", async () => {
    const opts = { epochs: 2, batch: 16, seed: 0 };
    const ref = trainReference(net.graph, net.training, train, { ...opts, val });
    const gpu = await trainWebGpu(net.graph, net.training, train, { ...opts, val, device });
    expect(gpu.stepLosses).toHaveLength(30);
    expect(gpu.step).toBe(30);
    // Same seed, same batches: the first epoch's 15 steps agree to float32 rounding (measured ≤ 2e-7).
    for (let s = 0; s < 15; s++) expect(relative(gpu.stepLosses[s]!, ref.stepLosses[s]!), `step ${s}`).toBeLessThan(1e-4);
    const [e1, e2] = gpu.epochs;
    expect(e1!.samples).toBe(240);
    expect(relative(e1!.loss, ref.epochs[0]!.loss)).toBeLessThan(1e-4);
    expect(e1!.heads.logits!.accuracy).toBe(ref.epochs[0]!.heads.logits!.accuracy);
    // Measured: train accuracy 52.5% then 76.7%, validation 56.7% then 91.7%.
    expect(e2!.loss).toBeLessThan(e1!.loss / 2);
    expect(e2!.heads.logits!.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(e2!.val!.heads.logits!.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(e2!.val!.samples).toBe(60);
    // Validation (eval mode, the evaluator sharing the training parameters) matches evaluate() on the final weights.
    const params = new Map([...gpu.params].map(([k, v]) => [k, { shape: [...net.graph.params.get(k)!.shape], data: Float64Array.from(v) }]));
    const check = evaluate(net.graph, params, val);
    expect(relative(e2!.val!.loss, check.loss)).toBeLessThan(1e-4);
    expect(e2!.val!.heads.logits!.accuracy).toBe(check.heads.logits!.accuracy);
  });

  it("runs the last partial batch as the reference does (240 = 4·50 + 40), or drops it", async () => {
    const opts = { epochs: 1, batch: 50, seed: 3 };
    const ref = trainReference(net.graph, net.training, train, opts);
    const kept = await trainWebGpu(net.graph, net.training, train, { ...opts, device });
    expect(kept.stepLosses).toHaveLength(5);
    expect(relativeError(kept.stepLosses, ref.stepLosses)).toBeLessThan(1e-4);
    expect(kept.epochs[0]!.samples).toBe(240);
    expect(relative(kept.epochs[0]!.loss, ref.epochs[0]!.loss)).toBeLessThan(1e-4);

    const dropped = await trainWebGpu(net.graph, net.training, train, { ...opts, device, dropLast: true });
    expect(dropped.stepLosses).toHaveLength(4);
    expect(dropped.epochs[0]!.samples).toBe(200);
    expect(relativeError(dropped.stepLosses, ref.stepLosses.slice(0, 4))).toBeLessThan(1e-4);
  });

  it("resumes from an epoch's state (weights, Adam state, counters) as if never stopped", async () => {
    const adam = compile(`network tiny(classes = 3) {
  input image: [1, 8, 8]
  x = image |> conv(8, k=3, p=1) |> bn |> relu |> maxpool(k=2)
  output logits = x |> flatten |> dense(classes)
}
train tiny {
  loss cross_entropy(logits, label: int)
  optimizer adamw(lr = 0.01, weight_decay = 0.01)
  schedule cosine()
}`);
    const opts = { epochs: 2, batch: 32, seed: 5, device };
    const states: GpuTrainState[] = [];
    const whole = await trainWebGpu(adam.graph, adam.training, train, { ...opts, wantState: true, onEpoch: (_m, s) => void states.push(s!) });
    const first = states[0]!;
    expect(first.epoch).toBe(1);
    expect(first.step).toBe(8);
    expect(first.optimizerKind).toBe("adamw");
    expect(first.optimizer.get("conv1.weight/step")![0]).toBe(8);
    expect(first.optimizer.get("dense1.weight/exp_avg_sq")!.length).toBe(3 * 8 * 4 * 4);
    expect(first.optimizer.has("bn1.running_mean/exp_avg")).toBe(false);

    const resumed = await trainWebGpu(adam.graph, adam.training, train, { ...opts, resume: { params: first.params, optimizer: first.optimizer, epoch: 1, step: 8 } });
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([2]);
    expect(relativeError(resumed.stepLosses, whole.stepLosses.slice(8))).toBeLessThan(1e-6);
    for (const [name, v] of whole.params) expect(relativeError(resumed.params.get(name)!, v), name).toBeLessThan(1e-6);
  });

  it("evaluates a checkpoint's weights on its own (the last batch padded) as evaluate() does", async () => {
    const gpu = await trainWebGpu(net.graph, net.training, train, { epochs: 1, batch: 16, seed: 1, device });
    const ev = await GpuEvaluator.create(device, net.graph, 16); // 60 = 3·16 + 12
    ev.writeParams(gpu.params);
    const got = await ev.evaluate(val);
    ev.destroy();
    const params = new Map([...gpu.params].map(([k, v]) => [k, { shape: [...net.graph.params.get(k)!.shape], data: Float64Array.from(v) }]));
    const want = evaluate(net.graph, params, val);
    expect(got.samples).toBe(60);
    expect(relative(got.loss, want.loss)).toBeLessThan(1e-4);
    expect(got.heads.logits!.accuracy).toBe(want.heads.logits!.accuracy);
  });

  it("stops on a non-finite loss, naming the step", async () => {
    const run = trainWebGpu(net.graph, net.training, train, { epochs: 1, batch: 16, seed: 0, lr: 1e30, device });
    await expect(run).rejects.toThrow(TrainingError);
    await expect(run).rejects.toThrow(/diverged at step \d+ \(epoch 1, batch \d+ of 15\): the logits loss is (NaN|-?Infinity)/);
  });
});
