// What `dlc train` does once its options are parsed (train.ts registers the
// command and loads this file only when it runs). In order, so that nothing
// is trained that cannot be saved and nothing saved is lost:
//
// 1. every option on its own (exit 2), the network, what it trains with
//    (train_spec.ts: the training section, or stated defaults, under
//    --loss/--optimizer/--lr) and the training graph (exit 1 with
//    diagnostics);
// 2. --out: created, locked for this run, its checkpoint protected
//    (run_folder.ts; exit 1 with the path and the reason);
// 3. --resume's checkpoint and the data (exit 1);
// 4. training on one of two backends:
//    - webgpu (the default): the compiled training program on the GPU (or
//      SwiftShader), float32, host/training/gpu_loop.ts. Checkpoints to
//      DIR/last.safetensors after every epoch (atomically: weights, BN
//      running statistics, the optimizer's state read back from the device,
//      and the epoch/step/seed counters); --resume CKPT continues from one;
//    - reference: the float64 reference executor (host/training/loop.ts):
//      exact and deterministic but slow, for tiny models. It writes
//      DIR/last.safetensors once, at the end (weights and counters; the
//      reference loop does not hand out its optimizer state), and cannot
//      --resume.
// The lock of --out is released on every way out (finally; run_lock.ts
// covers exits and signals).
//
// Output: one line per epoch (loss and accuracy per head, validation with
// --val; on a terminal a progress bar on stderr while an epoch runs) or,
// with --json, exactly one JSON object per line per epoch (the EpochMetrics
// of loop.ts) and nothing else on stdout. Notes and warnings go to stderr.

import { escapeControl } from "../../core/diagnostics/printable.js";
import { checkFile } from "../../compiler/pipeline.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from "../../runtime/checkpoint/checkpoint.js";
import { openDataset } from "../data/open.js";
import { dataOptions, type DataCliOptions } from "./data_options.js";
import { trainWebGpu, type GpuTrainState } from "../training/gpu_loop.js";
import { trainReference, TrainingError, type EpochMetrics } from "../training/loop.js";
import { optimizerHyper, type OptimizerHyper } from "../../core/optim/optimizers.js";
import { acquireDevice } from "../../runtime/webgpu/device.js";
import { compileProgress } from "./progress_line.js";
import { chooserOf, deviceId, loadSplits, loadTuning, splitChooserOf } from "../tune/cache.js";
import { report } from "./output.js";
import { claimRunFolder, RunFolderError, type RunFolder } from "./run_folder.js";
import { fail, notice } from "./output.js";
import { metricsText, num, refuseUnknownBackend } from "./train_common.js";
import { expectedError } from "./train_errors.js";
import { SEED_RANGE, seedProblem } from "./train_options.js";
import { chooseTrainSpec, trainingGraphFor } from "./train_spec.js";

export interface TrainCliOptions extends DataCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  data: string;
  val?: string;
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  loss?: string;
  optimizer?: string;
  out?: string;
  resume?: string;
  overwrite?: boolean;
  json?: boolean;
  backend: string;
  allowImport: string[];
}

function epochText(m: EpochMetrics): string {
  const width = String(m.epochs).length;
  const val = m.val ? `  val ${metricsText(m.val)}` : "";
  return `epoch ${String(m.epoch).padStart(width)}/${m.epochs}  lr ${num(m.lr)}  train ${metricsText(m)}${val}  (${m.seconds.toFixed(2)} s)\n`;
}

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

/** Whether the optimizer keeps state between steps (momentum buffers, moment estimates) that a checkpoint must carry for an exact resume. */
function hasState(h: OptimizerHyper): boolean {
  return h.kind !== "sgd" || h.momentum > 0;
}

/**
 * What a resumed run starts from, with what it cannot continue exactly said
 * on stderr: a checkpoint without optimizer state (the reference backend
 * writes weights only) restarts momentum or Adam's moments from zero; a
 * checkpoint of another optimizer cannot hand over its state at all.
 */
function resumeState(path: string, ckpt: LoadedCheckpoint, hyper: OptimizerHyper): Map<string, Float64Array> {
  const steps = ckpt.counters?.step ?? 0;
  if (ckpt.optimizerKind !== undefined && ckpt.optimizerKind !== hyper.kind) {
    notice("warning", `${path} was trained with ${ckpt.optimizerKind} and this run uses ${hyper.kind}: the optimizer starts with a fresh state, so this is not an exact continuation`);
    return new Map();
  }
  if (steps > 0 && ckpt.optimizer.size === 0 && hasState(hyper)) {
    const what = hyper.kind === "sgd" ? "sgd's momentum buffers" : `${hyper.kind}'s moment estimates`;
    notice("warning", `${path} holds weights only, no optimizer state (as the reference backend writes checkpoints): ${what} start from zero at step ${steps}, so the resumed run does not continue exactly as an uninterrupted run would`);
  }
  return new Map(ckpt.optimizer);
}

export async function runTrain(file: string, o: TrainCliOptions): Promise<number> {
  // 1. Options, the network and what it trains with: nothing written yet.
  const badBackend = refuseUnknownBackend(o.backend);
  if (badBackend !== undefined) return badBackend;
  if (o.backend === "reference" && o.resume !== undefined) return fail("--resume needs the webgpu backend: the reference loop (host/training/loop.ts) cannot start from a checkpoint yet", 2);
  if (o.overwrite && o.out === undefined) return fail("--overwrite replaces the checkpoint in --out DIR, and no --out was given", 2);

  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, allowImports: o.allowImport });
  report(r.diagnostics);
  if (!r.graph) return 1;
  const graph = r.graph;
  const choice = chooseTrainSpec(graph, o, "train");
  if ("usage" in choice) return fail(choice.usage, 2);
  const spec = choice.spec;
  if (o.backend === "webgpu" && spec.settings.clip_norm != null) return fail("clip_norm is not supported on WebGPU yet: remove it from the training section or use --backend reference", 1);
  const setting = (key: string, fallback: number) => (typeof spec.settings[key] === "number" ? (spec.settings[key] as number) : fallback);
  const epochs = o.epochs ?? setting("epochs", 10);
  const batch = o.batch ?? setting("batch", 32);
  let seed = o.seed ?? setting("seed", 0);
  const badSeed = o.seed === undefined ? seedProblem(seed) : undefined;
  if (badSeed) return fail(`${file}: the training section's ${badSeed}; set a seed from ${SEED_RANGE} there, or pass --seed`, 1);
  const opt = optimizerHyper(spec.optimizer);
  const lr = o.lr ?? opt.lr;
  const training = trainingGraphFor(graph, spec);
  if (Array.isArray(training)) {
    report(training);
    return 1;
  }

  // 2. The run folder, before any training work.
  let folder: RunFolder | undefined;
  if (o.out !== undefined) {
    try {
      folder = claimRunFolder(o.out, { resume: o.resume, overwrite: o.overwrite, note: (m) => notice("note", m) });
    } catch (e) {
      if (e instanceof RunFolderError) return fail(e.message, 1);
      throw e;
    }
  }
  // Said once the run is sure to start: a refused run need not explain what it would have trained with.
  if (choice.note) notice("note", choice.note);
  const ckptPath = folder?.checkpoint;
  const bar = progressBar(!o.json && Boolean(process.stderr.isTTY));
  const say = (s: string) => {
    if (!o.json) process.stdout.write(escapeControl(s));
  };
  let lastGood: { path: string; epoch: number } | undefined;
  try {
    // 3. The checkpoint to resume and the data.
    let resume: LoadedCheckpoint | undefined;
    let resumeOptimizer: Map<string, Float64Array> | undefined;
    if (o.resume !== undefined) {
      resume = loadCheckpoint(o.resume, graph);
      if (resume.counters) {
        if (o.seed !== undefined && o.seed !== resume.counters.seed) notice("warning", `--seed ${o.seed} ignored: the run in ${o.resume} used seed ${resume.counters.seed}, which fixes its data order`);
        seed = resume.counters.seed;
      }
      const done = resume.counters?.epoch ?? 0;
      if (done >= epochs) {
        process.stderr.write(escapeControl(`nothing to do: ${o.resume} has finished ${done} epoch(s) and --epochs is ${epochs}; raise --epochs to train on\n`));
        return 0;
      }
      resumeOptimizer = resumeState(o.resume, resume, opt);
      lastGood = { path: o.resume, epoch: done };
    }
    const data = await openDataset(o.data, graph, dataOptions(o, "train", seed));
    const val = o.val === undefined ? undefined : await openDataset(o.val, graph, dataOptions(o, "test"));

    // 4. Training.
    // An image folder, MNIST or CIFAR-10 says what it holds (classes, image size); a .npy folder needs no words.
    const holds = "description" in data ? ` (${escapeControl(data.description)})` : "";
    const what = `${graph.name} on ${data.size} samples${holds}${val ? ` (validation ${val.size})` : ""}: ${epochs} epoch(s), batch ${batch}, seed ${seed}, ${opt.kind} lr ${num(lr)}${spec.schedule ? ` with ${spec.schedule.kind} schedule` : ""}`;
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
    const from = resume ? `, resuming ${o.resume} after epoch ${resume.counters?.epoch ?? 0} (step ${resume.counters?.step ?? 0})` : "";
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
        resume: resume ? { params: resume.params, optimizer: resumeOptimizer ?? new Map(), epoch: resume.counters?.epoch ?? 0, step: resume.counters?.step ?? 0 } : undefined,
        wantState: ckptPath !== undefined,
        onCompile: compileProgress(),
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
    // A diverged step, or an epoch whose weights could not be saved (non-finite values), keeps the file before it.
    if (e instanceof TrainingError || (e instanceof CheckpointError && lastGood)) {
      const kept = lastGood ? `; the last good checkpoint ${lastGood.path} (epoch ${lastGood.epoch}) is kept` : ckptPath ? `; no checkpoint was written (no epoch finished)` : "";
      return fail(`${message}${kept}`, 1);
    }
    return fail(message, 1);
  } finally {
    folder?.lock.release();
  }
}
