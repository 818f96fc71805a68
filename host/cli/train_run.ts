// What `dlc train` does once its options are parsed (train.ts registers the
// command and loads this file only when it runs). In order, so that nothing
// is trained that cannot be saved and nothing saved is lost:
//
// 1. every option on its own (exit 2), the network, what it trains with
//    (train_spec.ts: the training section, or stated defaults, under
//    --loss/--optimizer/--lr) and the training graph (exit 1 with
//    diagnostics);
// 2. --out: created, locked for this run, its checkpoint protected
//    (run_folder.ts; exit 1 with the path and the reason); --log's file
//    opened (exit 1 with the path and the reason);
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
// --val) or, with --json, exactly one JSON object per line per epoch (the
// EpochMetrics of loop.ts) and nothing else on stdout. While an epoch runs,
// a progress bar on stderr when stderr is a terminal and not --json
// (progress/epoch_bar.ts: steps, samples/s, ETA, running loss per head);
// elsewhere (a pipe, a file, CI) only the plain lines. Notes and warnings go
// to stderr. --log FILE writes the run as JSON lines as it goes
// (host/training/train_log.ts), for `dlc plot`.

import { escapeControl } from "../../core/diagnostics/printable.js";
import { checkFile } from "../../compiler/pipeline.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from "../../runtime/checkpoint/checkpoint.js";
import { openDataset } from "../data/open.js";
import { dataOptions, type DataCliOptions } from "./data_options.js";
import { trainWebGpu, type GpuTrainState } from "../training/gpu_loop.js";
import { headNames, trainReference, TrainingError, type EpochMetrics, type StepMetrics } from "../training/loop.js";
import { optimizerHyper, type OptimizerHyper } from "../../core/optim/optimizers.js";
import { acquireDevice } from "../../runtime/webgpu/device.js";
import { compileProgress } from "./progress_line.js";
import { EpochBar } from "./progress/epoch_bar.js";
import { TrainLog } from "../training/train_log.js";
import { FileWriteError } from "../../core/io/write_file_atomic.js";
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
  log?: string;
  logEvery?: number;
  backend: string;
  allowImport: string[];
}

function epochText(m: EpochMetrics): string {
  const width = String(m.epochs).length;
  const val = m.val ? `  val ${metricsText(m.val)}` : "";
  return `epoch ${String(m.epoch).padStart(width)}/${m.epochs}  lr ${num(m.lr)}  train ${metricsText(m)}${val}  (${m.seconds.toFixed(2)} s)\n`;
}

/** Whether stderr shows a live bar: a terminal that can move its cursor, and not --json. */
function barWanted(json: boolean | undefined): boolean {
  return !json && Boolean(process.stderr.isTTY) && process.env.TERM !== "dumb";
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
  let log: TrainLog | undefined;
  if (o.log !== undefined) {
    try {
      log = TrainLog.open(o.log, { append: o.resume !== undefined, every: o.logEvery });
    } catch (e) {
      folder?.lock.release();
      if (e instanceof FileWriteError) return fail(`--log: ${e.message}`, 1);
      throw e;
    }
  } else if (o.logEvery !== undefined) {
    notice("warning", "--log-every does nothing without --log FILE");
  }
  // Said once the run is sure to start: a refused run need not explain what it would have trained with.
  if (choice.note) notice("note", choice.note);
  const ckptPath = folder?.checkpoint;
  const say = (s: string) => {
    if (!o.json) process.stdout.write(escapeControl(s));
  };
  let lastGood: { path: string; epoch: number } | undefined;
  let bar: EpochBar | undefined;
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
    bar = barWanted(o.json) ? new EpochBar({ stream: process.stderr, validates: val !== undefined }) : undefined;
    const started = resume?.counters;
    log?.run({
      network: graph.name,
      file,
      backend: o.backend,
      samples: data.size,
      ...(val ? { valSamples: val.size } : {}),
      epochs,
      batch,
      stepsPerEpoch: Math.ceil(data.size / batch),
      seed,
      optimizer: opt.kind,
      lr,
      ...(spec.schedule ? { schedule: spec.schedule.kind } : {}),
      heads: Object.fromEntries(headNames(spec.losses).map((n, i) => [n, { kind: spec.losses[i]!.kind, weight: spec.losses[i]!.weight }])),
      ...(started ? { resume: { epoch: started.epoch, step: started.step } } : {}),
    });
    const onStep = (s: StepMetrics) => {
      bar?.step(s);
      log?.step(s);
    };
    const onEpoch = (m: EpochMetrics) => {
      bar?.stop();
      log?.epoch(m);
      process.stdout.write(o.json ? JSON.stringify(m) + "\n" : epochText(m));
    };

    if (o.backend === "reference") {
      say(`training ${what}; reference backend (float64)\n`);
      const result = trainReference(graph, training, data, { epochs, batch, seed, lr: o.lr, val, onStep, log: onEpoch });
      if (ckptPath) {
        const params = new Map([...result.params].map(([k, t]) => [k, Float32Array.from(t.data)]));
        saveCheckpoint(ckptPath, graph, params, { epoch: epochs, step: result.stepLosses.length, seed, optimizerKind: opt.kind });
        say(`saved ${ckptPath} (weights only: the reference loop does not hand out its optimizer state)\n`);
      }
      say(`done: ${result.stepLosses.length} steps in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      log?.end();
      return 0;
    }

    const h = await acquireDevice();
    const from = resume ? `, resuming ${o.resume} after epoch ${resume.counters?.epoch ?? 0} (step ${resume.counters?.step ?? 0})` : "";
    say(`training ${what}; webgpu backend (${h.backend}, float32)${from}\n`);
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
        onStep,
        onEpoch: (m, state?: GpuTrainState) => {
          bar?.stop();
          if (ckptPath && state) {
            saveCheckpoint(ckptPath, graph, state.params, { epoch: state.epoch, step: state.step, seed: state.seed, optimizer: state.optimizer, optimizerKind: state.optimizerKind });
            lastGood = { path: ckptPath, epoch: state.epoch };
          }
          onEpoch(m);
        },
      });
      say(`done: ${result.stepLosses.length} steps in ${((performance.now() - t0) / 1000).toFixed(2)} s${ckptPath ? `; checkpoint ${ckptPath}` : ""}\n`);
      log?.end();
    } finally {
      h.device.destroy();
    }
    return 0;
  } catch (e) {
    bar?.stop();
    const message = expectedError(e);
    // The log says how the run ended, whatever the reason; a failure to write the log itself is not written to it.
    if (!(e instanceof FileWriteError && e.path === log?.path)) endLog(log, message ?? "internal error");
    if (message === undefined) throw e;
    // A diverged step, or an epoch whose weights could not be saved (non-finite values), keeps the file before it.
    if (e instanceof TrainingError || (e instanceof CheckpointError && lastGood)) {
      const kept = lastGood ? `; the last good checkpoint ${lastGood.path} (epoch ${lastGood.epoch}) is kept` : ckptPath ? `; no checkpoint was written (no epoch finished)` : "";
      return fail(`${message}${kept}`, 1);
    }
    return fail(message, 1);
  } finally {
    bar?.stop();
    log?.close();
    folder?.lock.release();
  }
}

/** The log's "end" record of a failed run, best effort: the run's own error is the one to report. */
function endLog(log: TrainLog | undefined, error: string): void {
  try {
    log?.end(error);
  } catch {
    // the log cannot be written either; the error that stopped the run is reported
  }
}
