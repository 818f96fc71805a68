// The training loop on WebGPU: trainReference's semantics (loop.ts) on the
// compiled training program (compiler/codegen/program.ts), in float32.
//
// trainWebGpu(fwd, training, data, opts), deterministic from opts.seed:
//
// 1. parameters: initParams(fwd, seed, "f32") (core/params/init.ts),
//    or opts.resume's (a checkpoint's weights, optimizer state and counters);
// 2. data order: exactly loop.ts's: shuffleRng(seed), one Fisher–Yates
//    shuffle of 0..N−1 per epoch, mini-batches of opts.batch in that order.
//    A resumed run replays the shuffles of the epochs already done, so epoch
//    E sees the same batches as in an uninterrupted run.
// 3. the last partial batch: KEPT, as trainReference (and PyTorch's
//    DataLoader with drop_last = False) does. A program has a fixed batch
//    size, so a second training program is compiled for the remainder
//    N mod batch; it shares the parameter, gradient and optimizer-state
//    buffers with the main one (ProgramRunner's `shared` buffers) and takes
//    the same optimizer step counter, so the partial step is exactly the
//    reference's partial step (batch statistics and the loss mean over its
//    real samples only; no padding). With opts.dropLast the partial batch is
//    skipped instead (drop_last = True; the shuffle is unchanged) and no
//    second program is built. Either way the metrics count exactly the
//    samples that were trained on.
// 4. per step (global step s = 0, 1, …): one submit runs forward, losses,
//    backward, the fused optimizer at the epoch's rate
//    learningRate(base, schedule, epoch, epochs) (set once per epoch, as in
//    loop.ts) and the BN running statistics, all on the device; the step
//    reads back each head's loss, the total and the logits each
//    cross_entropy head reads (for the running training accuracy, computed
//    here as loop.ts does), then calls opts.onStep with loop.ts's
//    StepMetrics. A non-finite loss stops training with a TrainingError
//    naming the step, before the epoch's callback runs, so a checkpoint
//    written by opts.onEpoch is always one of finite losses.
// 5. metrics per epoch: loop.ts's (sample-weighted head losses, total,
//    accuracy); with opts.val, GpuEvaluator on it after every epoch.
//
// Validation and `dlc eval` run the FORWARD graph in eval mode
// (buildInferenceProgram) at a fixed batch too: there the last partial
// batch is padded (with copies of its first sample) and only its real rows
// are scored: in eval mode samples do not interact (bn uses running
// statistics), so padding changes nothing. The head losses are computed here
// from the outputs with the reference loss kernels (in float64), as
// evaluate() does. During training the evaluator SHARES the training
// program's parameter buffer (same layout), so nothing is copied.
//
// Optimizer state: it lives in the training program's "optimizer state"
// buffer, laid out as the trained parameters (layout.ts), a plane per state
// field (core/optim/state_layout.ts: momentum for SGD, exp_avg then
// exp_avg_sq for Adam/AdamW). readOptimizerState() reads it back into the
// checkpoint's per-parameter form (PARAM/momentum_buffer, PARAM/exp_avg,
// PARAM/exp_avg_sq, PARAM/step = the global step), and a resume writes it
// back, so a resumed run continues the optimizer exactly (up to float32:
// the device keeps state in float32, the checkpoint stores it as F64).

import { elementCount, type Graph } from "../../core/ir/graph.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { buildInferenceProgram, buildTrainingProgram } from "../../compiler/codegen/program.js";
import { PROGRAM_ALIGN, type Program } from "../../core/program/program.js";
import type { GemmChooser } from "../../ops/templates/gemm_choice.js";
import type { SplitChooser } from "../../compiler/passes/split_k.js";
import { readBatch, type Data } from "../data/source.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { backwardKernels, referenceOf } from "../../ops/implementations.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { layoutParams, type ParamLayout } from "../../core/params/layout.js";
import { preparePrograms, ProgramRunner } from "../../runtime/webgpu/program.js";
import { batchMetrics, countCorrect, countsAccuracy, HeadAccumulator, headNames, positiveInt, shuffle, shuffleRng, TrainingError, type EpochMetrics, type EvalMetrics, type StepMetrics } from "./loop.js";
import { optimizerHyper, type OptimizerHyper } from "../../core/optim/optimizers.js";
import { optimizerStateLayout, parseStateKey, stateKey, STEP_COUNT_FIELD } from "../../core/optim/state_layout.js";
import { learningRate } from "./schedules.js";

/** Where a resumed run starts: a checkpoint's contents. */
export interface ResumeState {
  /** Every parameter of the network (float32; BN running statistics included). */
  readonly params: ReadonlyMap<string, Float32Array | Float64Array>;
  /** Checkpoint form ("PARAM/FIELD"); empty or absent: the optimizer starts fresh. */
  readonly optimizer?: ReadonlyMap<string, Float64Array>;
  /** Epochs completed: training continues with epoch `epoch + 1`. */
  readonly epoch: number;
  /** Optimizer steps taken. */
  readonly step: number;
}

/** What a checkpoint after an epoch holds. */
export interface GpuTrainState {
  readonly epoch: number;
  readonly step: number;
  readonly seed: number;
  readonly params: Map<string, Float32Array>;
  readonly optimizer: Map<string, Float64Array>;
  readonly optimizerKind: string;
}

export interface GpuTrainOptions {
  readonly device: GPUDevice;
  /** Total epochs (a resumed run does epochs resume.epoch + 1 … epochs). */
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
  /** Base learning rate; default: the optimizer's lr. */
  readonly lr?: number;
  readonly val?: Data;
  /** Start from a checkpoint instead of initParams. */
  readonly resume?: ResumeState;
  /** Skip the last partial batch of every epoch instead of running it (see the header). */
  readonly dropLast?: boolean;
  /** The device's measured GEMM choices (host/tune/); default: the built-in templates. */
  readonly gemmChoice?: GemmChooser;
  /** The device's measured split-K counts (host/tune/split_tune.ts); default: the rule of thumb. */
  readonly splitChoice?: SplitChooser;
  /** While the kernels compile, before the first step: 0, then each distinct kernel made, up to `total` (ModelOptions.onProgress). */
  readonly onCompile?: (done: number, total: number) => void;
  /** After every step: the step's own and the epoch's running metrics (a progress bar, `dlc train --log`). */
  readonly onStep?: (s: StepMetrics) => void;
  /**
   * After every epoch (after validation), with the metrics and, when
   * `wantState` is true, the state to checkpoint (reading it costs a copy
   * back from the device).
   */
  readonly onEpoch?: (m: EpochMetrics, state: GpuTrainState | undefined) => void | Promise<void>;
  readonly wantState?: boolean;
}

export interface GpuTrainResult {
  readonly epochs: readonly EpochMetrics[];
  /** The weighted total loss of every step of this run, in order. */
  readonly stepLosses: readonly number[];
  /** Final parameters, BN running statistics included. */
  readonly params: Map<string, Float32Array>;
  /** Global steps taken (resumed ones included). */
  readonly step: number;
}

type Feed = Float32Array | Int32Array;

/** The program's inputs for the samples `idx`, `pad` more copies of the first sample appended; `epoch` for training batches (augmentation). */
function feedsFor(program: Program, data: Data, idx: readonly number[], pad = 0, epoch?: number): { feeds: Map<string, Feed>; batch: Map<string, Tensor> } {
  const rows = pad > 0 ? [...idx, ...new Array<number>(pad).fill(idx[0]!)] : idx;
  const batch = readBatch(data, rows, epoch);
  const feeds = new Map<string, Feed>();
  for (const t of program.inputs) {
    const v = batch.get(t.name);
    if (!v) throw new Error(`internal: the data set has no field '${t.name}' for the program's input`);
    feeds.set(t.name, t.dtype === "i32" ? Int32Array.from(v.data) : Float32Array.from(v.data));
  }
  return { feeds, batch };
}

/** The parameter layout the training program of `training` uses (its "parameters" buffer). */
export function trainingLayout(training: TrainingGraph): ParamLayout {
  return layoutParams(training.graph, new Set(training.gradients.keys()), PROGRAM_ALIGN / 4);
}

/**
 * Eval-mode losses and accuracies on WebGPU: the forward graph as an
 * inference program at a fixed batch (the last batch padded, see the header).
 */
export class GpuEvaluator {
  private constructor(
    private readonly fwd: Graph,
    readonly runner: ProgramRunner,
  ) {}

  /**
   * `share`: the training runner whose parameter buffer to use (with
   * `layout`, its layout); without it the evaluator has its own parameters
   * (writeParams).
   */
  static async create(device: GPUDevice, fwd: Graph, batch: number, share?: { runner: ProgramRunner; layout: ParamLayout }, onCompile?: (done: number, total: number) => void): Promise<GpuEvaluator> {
    return GpuEvaluator.fromProgram(device, fwd, GpuEvaluator.program(fwd, batch, share?.layout), share?.runner, onCompile);
  }

  /** The inference program an evaluator runs (to compile it beside others: preparePrograms). */
  static program(fwd: Graph, batch: number, layout?: ParamLayout): Program {
    if (!fwd.train) throw new Error(`network '${fwd.name}' has no training section (evaluation needs its losses)`);
    positiveInt("trainWebGpu", "batch", batch);
    return buildInferenceProgram(fwd, batch, layout);
  }

  static async fromProgram(device: GPUDevice, fwd: Graph, program: Program, share?: ProgramRunner, onCompile?: (done: number, total: number) => void): Promise<GpuEvaluator> {
    const shared = share ? new Map([["parameters", share.buffer("parameters")]]) : new Map<string, GPUBuffer>();
    return new GpuEvaluator(fwd, await ProgramRunner.create(device, program, shared, { onProgress: onCompile }));
  }

  writeParams(values: ReadonlyMap<string, Float32Array | Float64Array>): void {
    this.runner.writeParams(new Map([...values].map(([k, v]) => [k, v instanceof Float32Array ? v : Float32Array.from(v)])));
  }

  async evaluate(data: Data): Promise<EvalMetrics> {
    const spec = this.fwd.train!;
    const program = this.runner.program;
    const batch = program.batch;
    const names = headNames(spec.losses);
    const acc = new HeadAccumulator(spec.losses, names);
    const outputs = spec.losses.map((l) => {
      const t = program.outputs.find((o) => o.name === l.output);
      if (!t) throw new Error(`internal: loss reads output '${l.output}', which the inference program lacks`);
      const kernel = backwardKernels[l.kind];
      if (!kernel) throw new Error(`internal: no reference kernel for loss '${l.kind}'`);
      return { tensor: t, kernel };
    });
    const read = [...new Set(spec.losses.map((l) => l.output))];
    for (let at = 0; at < data.size; at += batch) {
      const idx = Array.from({ length: Math.min(batch, data.size - at) }, (_, k) => at + k);
      const b = idx.length;
      const { feeds, batch: rows } = feedsFor(program, data, idx, batch - b);
      const got = await this.runner.run(feeds, { read });
      let total = 0;
      const heads: number[] = [];
      const accuracy = spec.losses.map((l, i) => {
        const { tensor, kernel } = outputs[i]!;
        const per = elementCount(tensor.shape.slice(1));
        const y: Tensor = { shape: [b, ...tensor.shape.slice(1)], data: Float64Array.from(got.get(l.output)!.subarray(0, b * per)) };
        const full = rows.get(l.label)!;
        const label: Tensor = { shape: [b, ...full.shape.slice(1)], data: full.data.subarray(0, b * (full.data.length / batch)) };
        const loss = kernel([y, label], l.attrs, {}, { batch: b, precision: "f64", step: 0, outShape: [], referenceOf }).data[0]!;
        heads.push(loss);
        total += l.weight * loss;
        return countsAccuracy(l) ? countCorrect(y, label) : undefined;
      });
      acc.add(b, total, heads, accuracy);
    }
    return acc.metrics();
  }

  destroy(): void {
    this.runner.destroy();
  }
}

/**
 * The device's optimizer state in checkpoint form: ProgramRunner's entries
 * as float64, plus Adam's step per parameter; empty before the first step.
 */
async function readOptimizerState(runner: ProgramRunner, hyper: OptimizerHyper, step: number): Promise<Map<string, Float64Array>> {
  const out = new Map<string, Float64Array>();
  if (step === 0) return out;
  const layout = optimizerStateLayout(hyper);
  for (const [key, v] of await runner.readOptimizerState()) {
    out.set(key, Float64Array.from(v));
    // Adam's t, once per parameter, beside its first field.
    const at = parseStateKey(key);
    if (layout.countsSteps && at && at.field === layout.fields[0]) out.set(stateKey(at.param, STEP_COUNT_FIELD), Float64Array.of(step));
  }
  return out;
}

/** Trains on WebGPU (see the header). */
export async function trainWebGpu(fwd: Graph, training: TrainingGraph, data: Data, opts: GpuTrainOptions): Promise<GpuTrainResult> {
  const spec = fwd.train;
  if (!spec) throw new Error(`network '${fwd.name}' has no training section`);
  positiveInt("trainWebGpu", "epochs", opts.epochs);
  positiveInt("trainWebGpu", "batch", opts.batch);
  if (opts.lr !== undefined && !(opts.lr > 0 && Number.isFinite(opts.lr))) throw new Error(`trainWebGpu: lr must be a finite number > 0, got ${opts.lr}`);
  const losses = training.losses;
  const specs = losses.map((l) => l.spec);
  const names = headNames(specs);

  const device = opts.device;
  const hyper = optimizerHyper(spec.optimizer);
  const base = opts.lr ?? hyper.lr;
  const full = Math.floor(data.size / opts.batch);
  const rest = data.size - full * opts.batch;
  const keepPartial = rest > 0 && !opts.dropLast;
  if (full === 0 && !keepPartial) throw new TrainingError(`the data set has ${data.size} samples, fewer than one batch of ${opts.batch}, and the partial batch is dropped: nothing to train on`);

  const layout = trainingLayout(training);
  const runners: ProgramRunner[] = [];
  let evaluator: GpuEvaluator | undefined;
  try {
    const choices = { gemmChoice: opts.gemmChoice, splitChoice: opts.splitChoice };
    const mainProgram = buildTrainingProgram(training, full > 0 ? opts.batch : rest, choices);
    const partialProgram = keepPartial && full > 0 ? buildTrainingProgram(training, rest, choices) : undefined;
    const valProgram = opts.val ? GpuEvaluator.program(fwd, opts.batch, layout) : undefined;
    // Every program's pipelines at once, before any runner: one progress count, shared kernels made once.
    await preparePrograms(device, [mainProgram, partialProgram, valProgram].filter((q) => q !== undefined), { onProgress: opts.onCompile });
    const main = await ProgramRunner.create(device, mainProgram);
    runners.push(main);
    const sharedLabels = ["parameters", "gradients", "optimizer state"].filter((l) => main.program.buffers.some((b) => b.label === l));
    const partial = partialProgram ? await ProgramRunner.create(device, partialProgram, new Map(sharedLabels.map((l) => [l, main.buffer(l)]))) : undefined;
    if (partial) runners.push(partial);
    if (valProgram) evaluator = await GpuEvaluator.fromProgram(device, fwd, valProgram, main);

    // Start state.
    const start = opts.resume;
    const params = start ? start.params : new Map([...initParams(fwd, opts.seed, "f32")].map(([k, t]) => [k, t.data as Float32Array]));
    main.writeParams(new Map([...params].map(([k, v]) => [k, v instanceof Float32Array ? v : Float32Array.from(v)])));
    if (start?.optimizer && start.optimizer.size > 0) main.writeOptimizerState(start.optimizer);
    let step = start?.step ?? 0;
    const firstEpoch = start?.epoch ?? 0;

    const rng = shuffleRng(opts.seed);
    const order = Array.from({ length: data.size }, (_, i) => i);
    for (let e = 0; e < firstEpoch; e++) shuffle(order, rng);

    const lossNames = [...names.map((n) => `loss.${n}`), "loss"];
    const read = [...lossNames, ...new Set(losses.filter((l) => countsAccuracy(l.spec)).map((l) => l.spec.output))];
    const epochs: EpochMetrics[] = [];
    const stepLosses: number[] = [];

    for (let epoch = firstEpoch; epoch < opts.epochs; epoch++) {
      const t0 = performance.now();
      const lr = learningRate(base, spec.schedule, epoch, opts.epochs);
      shuffle(order, rng);
      const list: number[][] = [];
      for (let at = 0; at < data.size; at += opts.batch) {
        const idx = order.slice(at, at + opts.batch);
        if (idx.length === opts.batch || keepPartial) list.push(idx);
      }
      const acc = new HeadAccumulator(specs, names);
      for (let k = 0; k < list.length; k++) {
        const idx = list[k]!;
        const runner = idx.length === main.program.batch ? main : partial!;
        const { feeds, batch: rows } = feedsFor(runner.program, data, idx, 0, epoch);
        runner.steps = step; // one optimizer clock across both programs (Adam's t)
        const got = await runner.run(feeds, { lr, read });
        const values = lossNames.map((n) => got.get(n)![0]!);
        const total = values.at(-1)!;
        const heads = values.slice(0, -1);
        if (!Number.isFinite(total) || heads.some((h) => !Number.isFinite(h))) {
          const bad = heads.findIndex((h) => !Number.isFinite(h));
          const which = bad >= 0 ? `${names[bad]} loss is ${heads[bad]}` : `total loss is ${total}`;
          throw new TrainingError(`training diverged at step ${step} (epoch ${epoch + 1}, batch ${k + 1} of ${list.length}): the ${which}; try a lower learning rate`);
        }
        const accuracy = losses.map((l) => {
          if (!countsAccuracy(l.spec)) return undefined;
          const t = runner.program.outputs.find((o) => o.name === l.spec.output)!;
          return countCorrect({ shape: t.shape, data: got.get(l.spec.output)! }, rows.get(l.spec.label)!);
        });
        acc.add(idx.length, total, heads, accuracy);
        stepLosses.push(total);
        step++;
        if (opts.onStep) {
          const last = batchMetrics(specs, names, idx.length, total, heads, accuracy);
          opts.onStep({ epoch: epoch + 1, epochs: opts.epochs, step, batch: k + 1, batches: list.length, lr, seconds: (performance.now() - t0) / 1000, last, running: acc.metrics() });
        }
      }
      const val = evaluator ? await evaluator.evaluate(opts.val!) : undefined;
      const m: EpochMetrics = { epoch: epoch + 1, epochs: opts.epochs, lr, steps: list.length, ...acc.metrics(), seconds: (performance.now() - t0) / 1000, ...(val ? { val } : {}) };
      epochs.push(m);
      const state = opts.wantState
        ? { epoch: epoch + 1, step, seed: opts.seed, params: await main.readParams(), optimizer: await readOptimizerState(main, hyper, step), optimizerKind: hyper.kind }
        : undefined;
      await opts.onEpoch?.(m, state);
    }
    return { epochs, stepLosses, params: await main.readParams(), step };
  } finally {
    evaluator?.destroy();
    for (const r of runners.reverse()) r.destroy();
  }
}
