// The training loop on the reference executor (float64): the semantics a
// device backend must reproduce, and a way to train tiny models today.
//
// trainReference(fwd, training, data, opts), deterministic from opts.seed:
//
// 1. parameters: initParams(fwd, seed) (core/params/init.ts);
// 2. data order: a generator Rng(hash32(seed) ^ 0x9e3779b9), a stream apart
//    from initialisation's; every epoch shuffles the indices 0..N−1 with it
//    (Fisher–Yates, from the last position down, j = ⌊u·(i+1)⌋) and cuts them
//    into mini-batches of opts.batch, the last partial batch kept (PyTorch's
//    DataLoader with shuffle = True, drop_last = False); a batch is read with
//    readBatch(data, indices, epoch), which augments it when the source was
//    opened with augmentation (host/data/transforms.ts: per sample, from
//    the seed, the epoch and the sample's index);
// 3. per step (global step s = 0, 1, 2, … also selects the dropout masks):
//    - run the training graph with the batch (float64, backward kernels);
//    - a non-finite total or head loss stops training with a TrainingError
//      naming the step;
//    - gradients: copies of the gradient nodes' values; clipped by global
//      norm (clipGradNorm) when the training section sets clip_norm;
//    - optimizer step (createOptimizer with the section's optimizer; frozen
//      parameters have no gradient and do not move) at the rate
//      learningRate(base, schedule, epoch, epochs), base = opts.lr or the
//      optimizer's lr. The rate is set once PER EPOCH (epoch 0-based, an
//      integer), as PyTorch's usual scheduler.step() at the end of each epoch;
//    - running statistics of every node whose op keeps them (bn: its
//      runningState), from the executor's bnStats
//      (by node name; the training copy keeps the forward name):
//      running = (1 − m)·running + m·batch with m the node's momentum, the
//      batch variance unbiased (PyTorch's rule).
// 4. after every step, opts.onStep (if given) with that step's StepMetrics:
//    the batch's own total, head losses and accuracies, and the epoch's
//    running metrics so far (what the epoch reports when it ends);
// 5. metrics per epoch: per loss head the sample-weighted mean of its batch
//    losses (so the partial batch counts by its size), the weighted total the
//    same way, and for cross_entropy heads the accuracy of the training-mode
//    logits of each step (before that step's update; per position for
//    dense labels), as the usual "running training accuracy". With opts.val,
//    evaluate() on it after every epoch.
//
// evaluate(fwd, params, data) runs the FORWARD graph (eval mode: bn with
// running statistics, dropout the identity) in order, without shuffling, and
// reports the same per-head losses (the loss kernels on its outputs) and
// accuracies; it reads batches without an epoch, so never augmented.

import type { Graph, LossSpec } from "../../core/ir/graph.js";
import { headNames } from "../../core/ir/head_names.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { readBatch, type Data } from "../data/source.js";
import { execute } from "../../reference/executor.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { backwardKernels, referenceOf } from "../../ops/implementations.js";
import { lookupOp } from "../../ops/registry.js";
import { hash32, Rng } from "../../core/tensor/rng.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { clipGradNorm } from "./clip.js";
import { optimizerHyper, type OptimParam } from "../../core/optim/optimizers.js";
import { createOptimizer, type Vec } from "./optimizers.js";
import { learningRate } from "./schedules.js";

/** A training run that cannot go on (a non-finite loss): the CLI reports it and exits 1. */
export class TrainingError extends Error {
  override name = "TrainingError";
}

export interface HeadMetrics {
  /** The loss kind: "cross_entropy", "mse", … */
  readonly kind: string;
  /** Mean over the samples (unweighted by the head's weight). */
  readonly loss: number;
  /** Fraction of correct argmax predictions, for cross_entropy heads. */
  readonly accuracy?: number;
}

export interface EvalMetrics {
  readonly samples: number;
  /** Σ weight · head loss. */
  readonly loss: number;
  /** By head: the output's name (output:kind when two losses read one output). */
  readonly heads: Readonly<Record<string, HeadMetrics>>;
}

export interface EpochMetrics extends EvalMetrics {
  /** 1-based. */
  readonly epoch: number;
  readonly epochs: number;
  /** The learning rate of this epoch. */
  readonly lr: number;
  readonly steps: number;
  readonly seconds: number;
  readonly val?: EvalMetrics;
}

/**
 * One step as the loops report it (opts.onStep): what a progress bar shows
 * and what `dlc train --log` writes.
 */
export interface StepMetrics {
  /** 1-based, as EpochMetrics.epoch. */
  readonly epoch: number;
  readonly epochs: number;
  /** Global steps taken, this one included (a resumed run counts its earlier steps). */
  readonly step: number;
  /** This step's batch in its epoch, 1-based, of `batches`. */
  readonly batch: number;
  readonly batches: number;
  /** The learning rate of this epoch. */
  readonly lr: number;
  /** Seconds since the epoch began (its shuffle), this step included. */
  readonly seconds: number;
  /** This step's batch alone: its samples, weighted total loss, head losses and accuracies. */
  readonly last: EvalMetrics;
  /** The epoch so far, summed as its EpochMetrics will be at its end. */
  readonly running: EvalMetrics;
}

/** The metrics of one batch: a HeadAccumulator of it alone. */
export function batchMetrics(specs: readonly LossSpec[], names: readonly string[], b: number, total: number, heads: readonly number[], accuracy: readonly ({ correct: number; count: number } | undefined)[]): EvalMetrics {
  const one = new HeadAccumulator(specs, names);
  one.add(b, total, heads, accuracy);
  return one.metrics();
}

export interface TrainLoopOptions {
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
  /** Base learning rate; default: the optimizer's lr. */
  readonly lr?: number;
  /** Called after every epoch (after validation). */
  readonly log?: (m: EpochMetrics) => void;
  /** Called after every step (after its update). */
  readonly onStep?: (s: StepMetrics) => void;
  /** Validation data, evaluated after every epoch. */
  readonly val?: Data;
}

export interface TrainResult {
  readonly epochs: readonly EpochMetrics[];
  /** The weighted total loss of every step, in order. */
  readonly stepLosses: readonly number[];
  /** Final parameters, BN running statistics included. */
  readonly params: Map<string, Tensor>;
}

export { headNames };

/**
 * Whether a head's accuracy is counted: its loss compares class scores with
 * integer class labels (cross_entropy's label rule), as countCorrect needs.
 */
export function countsAccuracy(l: LossSpec): boolean {
  return l.labelDType === "i32";
}

/** Correct argmax predictions of logits [b, K, ...rest] against class labels [b, ...rest]. */
export function countCorrect(logits: Tensor, labels: Tensor): { correct: number; count: number } {
  const b = logits.shape[0]!;
  const k = logits.shape[1]!;
  let positions = 1;
  for (const d of logits.shape.slice(2)) positions *= d;
  let correct = 0;
  for (let n = 0; n < b; n++) {
    for (let p = 0; p < positions; p++) {
      let best = 0;
      let bestV = -Infinity;
      for (let j = 0; j < k; j++) {
        const v = logits.data[(n * k + j) * positions + p]!;
        if (v > bestV) {
          bestV = v;
          best = j;
        }
      }
      if (best === labels.data[n * positions + p]) correct++;
    }
  }
  return { correct, count: b * positions };
}

/** Accumulates per-head sums over batches (shared by the reference and WebGPU loops). */
export class HeadAccumulator {
  private readonly loss: number[];
  private readonly correct: number[];
  private readonly count: number[];
  private total = 0;
  private samples = 0;

  constructor(private readonly specs: readonly LossSpec[], private readonly names: readonly string[]) {
    this.loss = specs.map(() => 0);
    this.correct = specs.map(() => 0);
    this.count = specs.map(() => 0);
  }

  add(b: number, total: number, heads: readonly number[], accuracy: readonly ({ correct: number; count: number } | undefined)[]): void {
    this.samples += b;
    this.total += total * b;
    heads.forEach((l, i) => {
      this.loss[i]! += l * b;
      const a = accuracy[i];
      if (a) {
        this.correct[i]! += a.correct;
        this.count[i]! += a.count;
      }
    });
  }

  metrics(): EvalMetrics {
    const heads: Record<string, HeadMetrics> = {};
    this.specs.forEach((s, i) => {
      heads[this.names[i]!] = { kind: s.kind, loss: this.loss[i]! / this.samples, ...(countsAccuracy(s) ? { accuracy: this.correct[i]! / this.count[i]! } : {}) };
    });
    return { samples: this.samples, loss: this.total / this.samples, heads };
  }
}

function batches(order: readonly number[], size: number): number[][] {
  const out: number[][] = [];
  for (let at = 0; at < order.length; at += size) out.push(order.slice(at, at + size));
  return out;
}

/** The generator of the data order for a seed (see the header). */
export function shuffleRng(seed: number): Rng {
  return new Rng((hash32(seed) ^ 0x9e3779b9) >>> 0);
}

/** Fisher–Yates in place with `rng`. */
export function shuffle(order: number[], rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** Throws unless `v` is a whole number ≥ 1; `who` (the entry point) starts the message. */
export function positiveInt(who: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${who}: ${what} must be a whole number ≥ 1, got ${v}`);
}

export function trainReference(fwd: Graph, training: TrainingGraph, data: Data, opts: TrainLoopOptions): TrainResult {
  const spec = fwd.train;
  if (!spec) throw new Error(`network '${fwd.name}' has no training section`);
  positiveInt("trainReference", "epochs", opts.epochs);
  positiveInt("trainReference", "batch", opts.batch);
  if (opts.lr !== undefined && !(opts.lr > 0 && Number.isFinite(opts.lr))) throw new Error(`trainReference: lr must be a finite number > 0, got ${opts.lr}`);

  const params = initParams(fwd, opts.seed, "f64");
  const paramVecs = new Map<string, Vec>([...params].map(([k, t]) => [k, t.data]));
  const optimParams: OptimParam[] = [...fwd.params.values()].map((p) => ({ name: p.name, kind: p.kind, size: params.get(p.name)!.data.length, shape: p.shape, trainable: p.trainable }));
  const optimizer = createOptimizer(spec.optimizer, optimParams);
  const base = opts.lr ?? optimizerHyper(spec.optimizer).lr;
  const clip = typeof spec.settings.clip_norm === "number" ? spec.settings.clip_norm : undefined;
  // Nodes keeping running statistics (bn), each with its op's rule.
  const runningNodes = fwd.nodes.flatMap((n) => {
    const rule = lookupOp(n.op)?.runningState;
    return rule ? [{ n, rule }] : [];
  });

  const g = training.graph;
  const losses = training.losses;
  const specs = losses.map((l) => l.spec);
  const names = headNames(specs);
  const rng = shuffleRng(opts.seed);
  const order = Array.from({ length: data.size }, (_, i) => i);
  const epochs: EpochMetrics[] = [];
  const stepLosses: number[] = [];
  let step = 0;

  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const t0 = performance.now();
    const lr = learningRate(base, spec.schedule, epoch, opts.epochs);
    shuffle(order, rng);
    const acc = new HeadAccumulator(specs, names);
    const list = batches(order, opts.batch);
    list.forEach((idx, k) => {
      const feeds = readBatch(data, idx, epoch);
      const res = execute(g, { feeds, params, batch: idx.length, precision: "f64", step, kernels: backwardKernels });
      const v = res.values;
      const total = v[training.loss]!.data[0]!;
      const heads = losses.map((l) => v[l.node]!.data[0]!);
      if (!Number.isFinite(total) || heads.some((h) => !Number.isFinite(h))) {
        const bad = heads.findIndex((h) => !Number.isFinite(h));
        const which = bad >= 0 ? `${names[bad]} loss is ${heads[bad]}` : `total loss is ${total}`;
        throw new TrainingError(`training diverged at step ${step} (epoch ${epoch + 1}, batch ${k + 1} of ${list.length}): the ${which}; try a lower learning rate${clip === undefined ? " or clip_norm" : ""}`);
      }
      const accuracy = losses.map((l) => {
        if (!countsAccuracy(l.spec)) return undefined;
        const node = g.nodes[l.node]!;
        return countCorrect(v[node.inputs[0]!]!, v[node.inputs[1]!]!);
      });
      acc.add(idx.length, total, heads, accuracy);
      stepLosses.push(total);

      const grads = new Map<string, Vec>();
      for (const [name, id] of training.gradients) grads.set(name, Float64Array.from(v[id]!.data));
      if (clip !== undefined) clipGradNorm(grads, clip);
      optimizer.step(paramVecs, grads, lr);

      for (const { n, rule } of runningNodes) {
        const s = res.bnStats.get(n.name);
        if (!s) continue;
        const m = rule.momentum(n.attrs);
        const rm = params.get(n.params[rule.meanRole]!)!.data;
        const rv = params.get(n.params[rule.varRole]!)!.data;
        for (let c = 0; c < rm.length; c++) {
          rm[c] = (1 - m) * rm[c]! + m * s.mean.data[c]!;
          rv[c] = (1 - m) * rv[c]! + m * s.var.data[c]!;
        }
      }
      step++;
      opts.onStep?.({ epoch: epoch + 1, epochs: opts.epochs, step, batch: k + 1, batches: list.length, lr, seconds: (performance.now() - t0) / 1000, last: batchMetrics(specs, names, idx.length, total, heads, accuracy), running: acc.metrics() });
    });
    const val = opts.val ? evaluate(fwd, params, opts.val) : undefined;
    const m: EpochMetrics = { epoch: epoch + 1, epochs: opts.epochs, lr, steps: list.length, ...acc.metrics(), seconds: (performance.now() - t0) / 1000, ...(val ? { val } : {}) };
    epochs.push(m);
    opts.log?.(m);
  }
  return { epochs, stepLosses, params };
}

export interface EvaluateOptions {
  /** Samples per forward run; default 256. */
  readonly batch?: number;
}

/** Losses and accuracies of the forward graph in eval mode on a data set (see the header). */
export function evaluate(fwd: Graph, params: ReadonlyMap<string, Tensor>, data: Data, opts: EvaluateOptions = {}): EvalMetrics {
  const spec = fwd.train;
  if (!spec) throw new Error(`network '${fwd.name}' has no training section (evaluate needs its losses)`);
  const size = opts.batch ?? 256;
  positiveInt("trainReference", "batch", size);
  const names = headNames(spec.losses);
  const acc = new HeadAccumulator(spec.losses, names);
  const outputs = spec.losses.map((l) => {
    const o = fwd.outputs.find((x) => x.name === l.output);
    if (!o) throw new Error(`internal: loss reads output '${l.output}', which network '${fwd.name}' lacks`);
    const kernel = backwardKernels[l.kind];
    if (!kernel) throw new Error(`internal: no reference kernel for loss '${l.kind}'`);
    return { node: o.node, kernel };
  });
  const order = Array.from({ length: data.size }, (_, i) => i);
  for (const idx of batches(order, size)) {
    const feeds = readBatch(data, idx);
    const { values } = execute(fwd, { feeds, params, batch: idx.length, precision: "f64", step: 0 });
    let total = 0;
    const heads: number[] = [];
    const accuracy = spec.losses.map((l, i) => {
      const y = values[outputs[i]!.node]!;
      const label = feeds.get(l.label)!;
      const loss = outputs[i]!.kernel([y, label], l.attrs, {}, { batch: idx.length, precision: "f64", step: 0, outShape: [], referenceOf }).data[0]!;
      heads.push(loss);
      total += l.weight * loss;
      return countsAccuracy(l) ? countCorrect(y, label) : undefined;
    });
    acc.add(idx.length, total, heads, accuracy);
  }
  return acc.metrics();
}
