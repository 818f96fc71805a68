// The benchmark's models, each a .net file trained by dlc and its TF.js twin
// (peers/tfjs_twin.ts) with the same initial weights, data and optimizer.
// The data is one fixed batch, written once, that stays on the device for
// both (issue 5: data already on the device).

import { readFileSync } from "node:fs";
import { optimizerHyper } from "../core/optim/optimizers.js";
import { elementCount } from "../core/ir/graph.js";
import { checkFile } from "../compiler/pipeline.js";
import { buildTrainingProgram } from "../compiler/codegen/program.js";
import { tunedOptions } from "../host/tune/tuned_options.js";
import { deviceId } from "../host/tune/cache.js";
import { initParams } from "../compiler/passes/init_rules.js";
import { Rng } from "../core/tensor/rng.js";
import type { DeviceHandle } from "../runtime/webgpu/device.js";
import { GpuTrainer } from "../host/training/trainer.js";
import { buildTfTwin } from "./peers/tfjs_twin.js";
import type { Tf } from "./peers/tfjs_webgpu.js";

export interface BenchModel {
  readonly name: string;
  /** The network, without a training section. */
  readonly source: string;
  /** Its losses, as lines of a training section. */
  readonly losses: string;
}

const file = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

export const MODELS: readonly BenchModel[] = [
  { name: "mlp", source: file("./models/mlp.net"), losses: "loss cross_entropy(logits, label)" },
  { name: "lenet5", source: file("../stdlib/models/lenet5.net"), losses: "loss cross_entropy(logits, label)" },
  { name: "bn_convnet", source: file("./models/bn_convnet.net"), losses: "loss cross_entropy(logits, label)" },
  { name: "resnet18_cifar", source: file("./models/resnet18_cifar.net"), losses: "loss cross_entropy(logits, label)" },
  { name: "inception_heads", source: file("./models/inception_heads.net"), losses: "loss cross_entropy(logits, label)\n  loss mse(box, target, weight = 0.5)" },
];

export const OPTIMIZERS = { sgd: "sgd(lr = 0.01, momentum = 0.9)", adam: "adam(lr = 0.001)" } as const;
export type OptimizerName = keyof typeof OPTIMIZERS;

export interface Pair {
  /** One training step of each; `read` returns the total loss (and waits for the device). */
  dlc(read: boolean): Promise<number | undefined>;
  tf(read: boolean): Promise<number | undefined>;
  /** TF.js's kernels per step and peak tensor bytes over one step (tf.profile). */
  tfProfile(): Promise<{ kernels: number; peakBytes: number }>;
  /** Milliseconds dlc took to compile the network and create its pipelines. */
  readonly dlcCreateMs: number;
  /** Milliseconds the autotuner took for this model and batch (0 when its cache had every GEMM). */
  readonly tuneMs: number;
  /** dlc's program: kernels (dispatches per step) and the bytes of its buffers. */
  readonly dlcKernels: number;
  readonly dlcBytes: number;
  /** dlc's activation arena and the liveness lower bound it is planned against. */
  readonly arenaBytes: number;
  readonly lowerBoundBytes: number;
  dispose(): void;
}

function networkName(source: string): string {
  const names = [...source.matchAll(/^network (\w+)/gm)].map((m) => m[1]!);
  return names[names.length - 1]!;
}

export async function makePair(h: DeviceHandle, tf: Tf, model: BenchModel, batch: number, optimizer: OptimizerName, tune: boolean, seed = 1): Promise<Pair> {
  const text = `${model.source}\ntrain ${networkName(model.source)} {\n  ${model.losses}\n  optimizer ${OPTIMIZERS[optimizer]}\n}\n`;
  const r = checkFile(`${model.name}.net`, { text, train: true });
  if (!r.graph || !r.training) throw new Error(`${model.name}: ${r.diagnostics.map((d) => d.message).join("\n")}`);
  const init = initParams(r.graph, seed, "f32");
  const rng = new Rng(seed + 100);
  const feeds = new Map<string, Float32Array | Int32Array>();
  for (const id of r.graph.inputs) {
    const n = r.graph.nodes[id]!;
    feeds.set(n.name, Float32Array.from({ length: batch * elementCount(n.shape) }, () => rng.normal()));
  }
  for (const l of r.graph.train!.losses) {
    const size = batch * elementCount(l.labelShape);
    const classes = r.graph.nodes[r.graph.outputs.find((o) => o.name === l.output)!.node]!.shape[0]!;
    feeds.set(l.label, l.labelDType === "i32" ? Int32Array.from({ length: size }, () => Math.floor(rng.uniform() * classes)) : Float32Array.from({ length: size }, () => rng.normal()));
  }
  // dlc's GEMMs as the autotuner measured them on this device (cached per
  // device and problem: a second run times nothing), then the compile.
  const tuned = tune ? await tunedOptions(h.device, deviceId(h.info), (opts) => buildTrainingProgram(r.training!, batch, opts)) : { opts: {}, tuneMs: 0 };
  const tuneMs = tuned.tuneMs;
  const t0 = performance.now();
  const trainer = await GpuTrainer.create(h.device, r.training, batch, tuned.opts);
  const dlcCreateMs = performance.now() - t0;
  trainer.loadParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
  const twin = buildTfTwin(tf, r.graph, init, feeds, batch);
  const lr = optimizerHyper(r.graph.train!.optimizer).lr;
  let written = false;
  const p = trainer.program;
  return {
    async dlc(read) {
      const l = await trainer.step(written ? "resident" : feeds, lr, read);
      written = true;
      return l ? l[l.length - 1] : undefined;
    },
    tf: (read) => twin.step(read),
    tfProfile: () => twin.profile(),
    dlcCreateMs,
    tuneMs,
    dlcKernels: p.kernels.length + 1,
    dlcBytes: p.buffers.reduce((s, b) => s + b.bytes, 0),
    arenaBytes: p.memory.arenaBytes,
    lowerBoundBytes: p.memory.lowerBoundBytes,
    dispose() {
      trainer.destroy();
      twin.dispose();
    },
  };
}
