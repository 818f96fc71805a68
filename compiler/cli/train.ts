// `dlc train FILE --data DIR`: trains a network on a folder of .npy files
// (runtime/data/dataset.ts) with its training section. The only backend so
// far is the float64 reference executor (runtime/training/loop.ts): exact
// and deterministic but slow, for tiny models; `--backend webgpu` is
// refused with exit 2 until the WebGPU runtime exists.
//
// Output: one line per epoch (loss and accuracy per head, validation with
// --val) or, with --json, one JSON object per line per epoch (the
// EpochMetrics of loop.ts). Exit 0 when training finished, 1 on errors in
// the network, the data (missing files, bad shapes) or a diverging loss,
// 2 on usage errors.

import { Command, InvalidArgumentError } from "commander";
import { checkFile } from "../pipeline.js";
import { DataError } from "../../runtime/data/npy.js";
import { loadDataset } from "../../runtime/data/dataset.js";
import { trainReference, TrainingError, type EpochMetrics, type EvalMetrics } from "../../runtime/training/loop.js";
import { optimizerHyper } from "../../runtime/training/optimizers.js";
import { report } from "./output.js";
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
  json?: boolean;
  backend: string;
}

function usage<T>(parse: (v: string, prev: T) => T): (v: string, prev: T) => T {
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

function metricsText(m: EvalMetrics): string {
  const heads = Object.entries(m.heads).map(([name, h]) => `${name} ${num(h.loss)}${h.accuracy === undefined ? "" : ` acc ${pct(h.accuracy)}`}`);
  return `loss ${num(m.loss)} [${heads.join(", ")}]`;
}

function epochText(m: EpochMetrics): string {
  const width = String(m.epochs).length;
  const val = m.val ? `  val ${metricsText(m.val)}` : "";
  return `epoch ${String(m.epoch).padStart(width)}/${m.epochs}  lr ${num(m.lr)}  train ${metricsText(m)}${val}  (${m.seconds.toFixed(2)} s)\n`;
}

const fail = (message: string, code: number): number => {
  process.stderr.write(`error: ${message}\n`);
  return code;
};

export function runTrain(file: string, o: TrainCliOptions): number {
  if (o.backend === "webgpu") return fail("the WebGPU backend is not built yet; use --backend reference (the float64 reference executor, for tiny models)", 2);
  if (o.backend !== "reference") return fail(`unknown backend '${o.backend}' (expected reference; webgpu is planned)`, 2);

  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, train: true });
  report(r.diagnostics);
  if (!r.graph) return 1;
  const spec = r.graph.train;
  if (!spec) return fail(`network '${r.graph.name}' has no training section; add one (train ${r.graph.name} { loss …  optimizer … }) to train it`, 1);
  if (!r.training) return 1;

  const setting = (key: string, fallback: number) => (typeof spec.settings[key] === "number" ? (spec.settings[key] as number) : fallback);
  const epochs = o.epochs ?? setting("epochs", 10);
  const batch = o.batch ?? setting("batch", 32);
  const seed = o.seed ?? setting("seed", 0);
  try {
    const data = loadDataset(o.data, r.graph);
    const val = o.val === undefined ? undefined : loadDataset(o.val, r.graph);
    if (!o.json) {
      const opt = optimizerHyper(spec.optimizer);
      const lr = o.lr ?? opt.lr;
      process.stdout.write(
        `training ${r.graph.name} on ${data.size} samples${val ? ` (validation ${val.size})` : ""}: ${epochs} epoch(s), batch ${batch}, seed ${seed}, ${opt.kind} lr ${num(lr)}${spec.schedule ? ` with ${spec.schedule.kind} schedule` : ""}; reference backend (float64)\n`,
      );
    }
    const t0 = performance.now();
    const result = trainReference(r.graph, r.training, data, {
      epochs,
      batch,
      seed,
      lr: o.lr,
      val,
      log: (m) => process.stdout.write(o.json ? JSON.stringify(m) + "\n" : epochText(m)),
    });
    if (!o.json) process.stdout.write(`done: ${result.stepLosses.length} steps in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
    return 0;
  } catch (e) {
    if (e instanceof DataError || e instanceof TrainingError) return fail(e.message, 1);
    throw e;
  }
}

/** Adds `dlc train` to the program. */
export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description("train a network on a folder of .npy files (one per input and label) with its training section; the reference backend is a float64 interpreter, for tiny models only")
    .argument("<file>", ".net file with a training section")
    .requiredOption("--data <dir>", "training data: a folder with one .npy per network input and label, named after them (image.npy, label.npy)")
    .option("--val <dir>", "validation data, the same layout; evaluated after every epoch in eval mode")
    .option("--epochs <n>", "epochs (default: the training section's epochs)", usage(parsePositiveInt("--epochs")))
    .option("--batch <n>", "batch size (default: the training section's batch)", usage(parsePositiveInt("--batch")))
    .option("--lr <x>", "base learning rate (default: the optimizer's lr)", usage(parsePositiveNumber("--lr")))
    .option("--seed <n>", "seed for initialisation and data order (default: the training section's seed)", usage(parseNonNegativeInt("--seed")))
    .option("--json", "print one JSON object per epoch, one per line")
    .option("--backend <name>", "reference (float64 reference executor: exact, slow, for tiny models) or webgpu (not built yet)", "reference")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=1,8,8 (repeatable)", usage(parseInputOverride), new Map<string, number[]>())
    .option("--param <name=value>", "set a network parameter, e.g. classes=3 (repeatable)", usage(parseParamOverride), new Map<string, number | boolean | string>())
    .action((file: string, o: TrainCliOptions) => {
      process.exitCode = runTrain(file, o);
    });
}
