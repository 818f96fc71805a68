// `dlc train FILE --data DIR`: trains a network on a folder of .npy files
// (runtime/data/dataset.ts) with its training section, on one of two
// backends:
//
// - webgpu (the default): the compiled training program on the GPU (or
//   SwiftShader), float32, runtime/training/gpu_loop.ts. Checkpoints to
//   --out DIR/last.safetensors after every epoch (atomically: weights, BN
//   running statistics, the optimizer's state read back from the device, and
//   the epoch/step/seed counters); --resume CKPT continues from one.
// - reference: the float64 reference executor (runtime/training/loop.ts):
//   exact and deterministic but slow, for tiny models. It writes --out
//   DIR/last.safetensors once, at the end (weights and counters; the
//   reference loop does not hand out its optimizer state), and cannot
//   --resume.
//
// Output: one line per epoch (loss and accuracy per head, validation with
// --val; on a terminal a progress bar on stderr while an epoch runs) or,
// with --json, exactly one JSON object per line per epoch (the EpochMetrics
// of loop.ts) and nothing else on stdout. Exit 0 when training finished, 1
// on errors in the network, the data, a checkpoint, the device, or a
// diverging loss (the last good checkpoint is kept), 2 on usage errors.

import { Command, InvalidArgumentError } from "commander";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "../ir/graph.js";
import type { TrainingGraph } from "../passes/autodiff.js";
import { checkFile } from "../pipeline.js";
import { LoweringError } from "../codegen/contract.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from "../../runtime/checkpoint/checkpoint.js";
import { DataError } from "../../runtime/data/npy.js";
import { loadDataset } from "../../runtime/data/dataset.js";
import { trainWebGpu, type GpuTrainState } from "../../runtime/training/gpu_loop.js";
import { trainReference, TrainingError, type EpochMetrics, type EvalMetrics } from "../../runtime/training/loop.js";
import { optimizerHyper } from "../../runtime/training/optimizers.js";
import { acquireDevice, DeviceError } from "../../runtime/webgpu/device.js";
import { ProgramError } from "../../runtime/webgpu/program.js";
import { report } from "./output.js";
import { chooserOf, deviceId, loadSplits, loadTuning, splitChooserOf } from "../tune/cache.js";
import { parseInputOverride, parseNonNegativeInt, parseParamOverride, parsePositiveInt, parsePositiveNumber, UsageError } from "./options.js";

export interface TrainCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  data: string;
  val?: string;
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  out?: string;
  resume?: string;
  json?: boolean;
  backend: string;
}

export const BACKENDS = ["webgpu", "reference"] as const;

export function usage<T>(parse: (v: string, prev: T) => T): (v: string, prev: T) => T {
  return (v, prev) => {
    try {
      return parse(v, prev);
    } catch (e) {
      if (e instanceof UsageError) throw new InvalidArgumentError(e.message);
      throw e;
    }
  };
}

const num = (v: number) => String(Number(v.toPrecision(4)));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export function metricsText(m: EvalMetrics): string {
  const heads = Object.entries(m.heads).map(([name, h]) => `${name} ${num(h.loss)}${h.accuracy === undefined ? "" : ` acc ${pct(h.accuracy)}`}`);
  return `loss ${num(m.loss)} [${heads.join(", ")}]`;
}

function epochText(m: EpochMetrics): string {
  const width = String(m.epochs).length;
  const val = m.val ? `  val ${metricsText(m.val)}` : "";
  return `epoch ${String(m.epoch).padStart(width)}/${m.epochs}  lr ${num(m.lr)}  train ${metricsText(m)}${val}  (${m.seconds.toFixed(2)} s)\n`;
}

export const fail = (message: string, code: number): number => {
  process.stderr.write(`error: ${message}\n`);
  return code;
};

/** A progress bar on stderr, only on a terminal (never in --json mode): "epoch 2/10 [######------] 40/100". */
function progressBar(enabled: boolean) {
  const width = 24;
  let shown = false;
  return {
    update(epoch: number, epochs: number, done: number, total: number): void {
      if (!enabled) return;
      const fill = Math.round((width * done) / Math.max(1, total));
      process.stderr.write(`\r  epoch ${epoch}/${epochs} [${"#".repeat(fill)}${"-".repeat(width - fill)}] ${done}/${total} steps`);
      shown = true;
    },
    clear(): void {
      if (shown) process.stderr.write("\r\x1b[K");
      shown = false;
    },
  };
}

/** The errors of a run that are the input's or the machine's fault, not dlc's: exit 1 with their message. */
export function expectedError(e: unknown): string | undefined {
  if (e instanceof DataError || e instanceof TrainingError || e instanceof CheckpointError || e instanceof DeviceError || e instanceof ProgramError) return e.message;
  if (e instanceof LoweringError) return `${e.message}: this network cannot run on WebGPU yet; use --backend reference`;
  return undefined;
}

/** Compiles FILE for training; an exit code when it cannot. */
export function compileForTraining(file: string, o: { net?: string; input: Map<string, number[]>; param: Map<string, number | boolean | string> }): { graph: Graph; training: TrainingGraph } | number {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, train: true });
  report(r.diagnostics);
  if (!r.graph) return 1;
  if (!r.graph.train) return fail(`network '${r.graph.name}' has no training section; add one (train ${r.graph.name} { loss …  optimizer … }) to train it`, 1);
  if (!r.training) return 1;
  return { graph: r.graph, training: r.training };
}

export async function runTrain(file: string, o: TrainCliOptions): Promise<number> {
  if (!(BACKENDS as readonly string[]).includes(o.backend)) return fail(`unknown backend '${o.backend}' (expected webgpu or reference)`, 2);
  if (o.backend === "reference" && o.resume !== undefined) return fail("--resume needs the webgpu backend: the reference loop (runtime/training/loop.ts) cannot start from a checkpoint yet", 2);

  const c = compileForTraining(file, o);
  if (typeof c === "number") return c;
  const { graph, training } = c;
  const spec = graph.train!;
  if (o.backend === "webgpu" && spec.settings.clip_norm != null) return fail("clip_norm is not supported on WebGPU yet: remove it from the training section or use --backend reference", 1);

  const setting = (key: string, fallback: number) => (typeof spec.settings[key] === "number" ? (spec.settings[key] as number) : fallback);
  const epochs = o.epochs ?? setting("epochs", 10);
  const batch = o.batch ?? setting("batch", 32);
  let seed = o.seed ?? setting("seed", 0);
  const ckptPath = o.out === undefined ? undefined : join(o.out, "last.safetensors");
  const bar = progressBar(!o.json && Boolean(process.stderr.isTTY));
  const say = (s: string) => {
    if (!o.json) process.stdout.write(s);
  };
  let lastGood: { path: string; epoch: number } | undefined;
  try {
    let resume: LoadedCheckpoint | undefined;
    if (o.resume !== undefined) {
      resume = loadCheckpoint(o.resume, graph);
      if (resume.counters) {
        if (o.seed !== undefined && o.seed !== resume.counters.seed) process.stderr.write(`warning: --seed ${o.seed} ignored: the run in ${o.resume} used seed ${resume.counters.seed}, which fixes its data order\n`);
        seed = resume.counters.seed;
      }
      const done = resume.counters?.epoch ?? 0;
      if (done >= epochs) {
        process.stderr.write(`nothing to do: ${o.resume} has finished ${done} epoch(s) and --epochs is ${epochs}; raise --epochs to train on\n`);
        return 0;
      }
      lastGood = { path: o.resume, epoch: done };
    }
    const data = loadDataset(o.data, graph);
    const val = o.val === undefined ? undefined : loadDataset(o.val, graph);
    if (ckptPath) mkdirSync(o.out!, { recursive: true });

    const opt = optimizerHyper(spec.optimizer);
    const lr = o.lr ?? opt.lr;
    const what = `${graph.name} on ${data.size} samples${val ? ` (validation ${val.size})` : ""}: ${epochs} epoch(s), batch ${batch}, seed ${seed}, ${opt.kind} lr ${num(lr)}${spec.schedule ? ` with ${spec.schedule.kind} schedule` : ""}`;
    const t0 = performance.now();

    if (o.backend === "reference") {
      say(`training ${what}; reference backend (float64)\n`);
      const result = trainReference(graph, training, data, { epochs, batch, seed, lr: o.lr, val, log: (m) => process.stdout.write(o.json ? JSON.stringify(m) + "\n" : epochText(m)) });
      if (ckptPath) {
        const params = new Map([...result.params].map(([k, t]) => [k, Float32Array.from(t.data)]));
        saveCheckpoint(ckptPath, graph, params, { epoch: epochs, step: result.stepLosses.length, seed, optimizerKind: opt.kind });
        say(`saved ${ckptPath} (weights only: the reference loop does not hand out its optimizer state)\n`);
      }
      say(`done: ${result.stepLosses.length} steps in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      return 0;
    }

    const h = await acquireDevice();
    const from = resume ? `, resuming ${o.resume} after epoch ${resume.counters?.epoch ?? 0} (step ${resume.counters?.step ?? 0})${resume.optimizer.size === 0 && opt.kind !== "sgd" ? " with a fresh optimizer state (the file has none)" : ""}` : "";
    say(`training ${what}; webgpu backend (${h.backend}, float32)${from}\n`);
    let current = resume?.counters?.epoch ?? 0;
    try {
      const result = await trainWebGpu(graph, training, data, {
        device: h.device,
        // GEMM templates and split-K counts as `dlc tune` measured them on this device, where it has.
        gemmChoice: chooserOf(loadTuning(deviceId(h.info))),
        splitChoice: splitChooserOf(loadSplits(deviceId(h.info))),
        epochs,
        batch,
        seed,
        lr: o.lr,
        val,
        resume: resume ? { params: resume.params, optimizer: resume.optimizer, epoch: resume.counters?.epoch ?? 0, step: resume.counters?.step ?? 0 } : undefined,
        wantState: ckptPath !== undefined,
        onStep: (done, total) => bar.update(current + 1, epochs, done, total),
        onEpoch: (m, state?: GpuTrainState) => {
          bar.clear();
          current = m.epoch;
          if (ckptPath && state) {
            saveCheckpoint(ckptPath, graph, state.params, { epoch: state.epoch, step: state.step, seed: state.seed, optimizer: state.optimizer, optimizerKind: state.optimizerKind });
            lastGood = { path: ckptPath, epoch: state.epoch };
          }
          process.stdout.write(o.json ? JSON.stringify(m) + "\n" : epochText(m));
        },
      });
      say(`done: ${result.stepLosses.length} steps in ${((performance.now() - t0) / 1000).toFixed(2)} s${ckptPath ? `; checkpoint ${ckptPath}` : ""}\n`);
    } finally {
      h.device.destroy();
    }
    return 0;
  } catch (e) {
    bar.clear();
    const message = expectedError(e);
    if (message === undefined) throw e;
    if (e instanceof TrainingError) {
      const kept = lastGood ? `; the last good checkpoint ${lastGood.path} (epoch ${lastGood.epoch}) is kept` : ckptPath ? `; no checkpoint was written (no epoch finished)` : "";
      return fail(`${message}${kept}`, 1);
    }
    return fail(message, 1);
  }
}

/** Adds `dlc train` to the program. */
export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description("train a network on a folder of .npy files (one per input and label) with its training section, on WebGPU (default) or the float64 reference executor")
    .argument("<file>", ".net file with a training section")
    .requiredOption("--data <dir>", "training data: a folder with one .npy per network input and label, named after them (image.npy, label.npy)")
    .option("--val <dir>", "validation data, the same layout; evaluated after every epoch in eval mode")
    .option("--epochs <n>", "total epochs, resumed ones included (default: the training section's epochs)", usage(parsePositiveInt("--epochs")))
    .option("--batch <n>", "batch size (default: the training section's batch)", usage(parsePositiveInt("--batch")))
    .option("--lr <x>", "base learning rate (default: the optimizer's lr)", usage(parsePositiveNumber("--lr")))
    .option("--seed <n>", "seed for initialisation and data order (default: the training section's seed; a resumed run keeps its own)", usage(parseNonNegativeInt("--seed")))
    .option("--out <dir>", "write the checkpoint DIR/last.safetensors (PyTorch names; atomically) after every epoch (reference backend: at the end)")
    .option("--resume <ckpt>", "continue a run from its checkpoint: weights, optimizer state, epoch and step (webgpu backend)")
    .option("--json", "print one JSON object per epoch, one per line, and nothing else on stdout")
    .option("--backend <name>", "webgpu (compiled kernels, float32; SwiftShader without a GPU) or reference (float64 interpreter: exact, slow, tiny models only)", "webgpu")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=1,8,8 (repeatable)", usage(parseInputOverride), new Map<string, number[]>())
    .option("--param <name=value>", "set a network parameter, e.g. classes=3 (repeatable)", usage(parseParamOverride), new Map<string, number | boolean | string>())
    .action(async (file: string, o: TrainCliOptions) => {
      process.exitCode = await runTrain(file, o);
    });
}
