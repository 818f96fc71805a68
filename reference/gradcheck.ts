// Finite-difference check of a whole training graph: the derived gradients
// (the backward nodes, run by the reference executor) against central
// differences of the loss in float64, for every trainable parameter tensor
// and, when the graph has them, every input. Large tensors are sampled.
//
// The reference executor keeps every value of the run in a Float64Array, so
// a network's size is checked before anything is allocated: a graph whose
// values would pass MAX_GRADCHECK_BYTES is refused with a GradcheckSizeError
// (a 10¹²-element tensor is not one V8 can even allocate: 2³² elements at most).

import { elementCount, formatShape, type Graph, type LossSpec, type TrainSpec } from "../core/ir/graph.js";
import { fullShape } from "../compiler/passes/full_shapes.js";
import type { TrainingGraph } from "../compiler/passes/autodiff.js";
import { execute } from "./executor.js";
import { initParams } from "../compiler/passes/init_rules.js";
import { Rng } from "../core/tensor/rng.js";
import { zeros, type Tensor } from "../core/tensor/tensor.js";
import { backwardKernels } from "../ops/implementations.js";
import { lookupOp } from "../ops/registry.js";

/**
 * The most float64 memory a gradient check may hold: 4 GiB. It holds every
 * value of the training graph's run, the parameters, and a forward run's
 * values per finite difference, all as float64; beyond this the run could
 * not finish on an ordinary machine (the reference kernels are naive loops:
 * even at this size each of the thousands of loss evaluations takes seconds).
 */
export const MAX_GRADCHECK_BYTES = 4 * 1024 ** 3;

/** A network too large for the float64 reference executor: the CLI reports it and exits 1. */
export class GradcheckSizeError extends Error {
  override name = "GradcheckSizeError";
}

export interface GradcheckSize {
  /** Float64 bytes the check holds at its peak (an upper bound). */
  readonly bytes: number;
  /** The largest single value, for the message. */
  readonly largest: { readonly name: string; readonly shape: readonly number[]; readonly elements: number };
}

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toPrecision(3)} GiB`;

/**
 * What a gradient check of `t` at `batch` holds, counted from shapes alone:
 * the values of the full run (all nodes, batched ones × batch), the values
 * of a forward run to the loss (at most as many again) and the parameters.
 * Plain floating point: a product past 2⁵³ is still far over any limit.
 */
export function gradcheckSize(t: TrainingGraph, batch: number): GradcheckSize {
  const g = t.graph;
  let values = 0;
  let largest: GradcheckSize["largest"] = { name: "", shape: [], elements: 0 };
  for (const n of g.nodes) {
    const shape = fullShape(g, n.id, batch);
    const elements = elementCount(shape);
    values += elements;
    if (elements > largest.elements) largest = { name: n.name, shape, elements };
  }
  let params = 0;
  for (const p of g.params.values()) params += elementCount(p.shape);
  return { bytes: 8 * (2 * values + params), largest };
}

/** Throws a GradcheckSizeError when `t` at `batch` is over MAX_GRADCHECK_BYTES; nothing is allocated. */
export function checkGradcheckSize(t: TrainingGraph, batch: number): void {
  const { bytes, largest } = gradcheckSize(t, batch);
  if (bytes <= MAX_GRADCHECK_BYTES) return;
  const big = `its largest value, '${largest.name}' ${formatShape(largest.shape)}, has ${largest.elements.toExponential(2)} elements`;
  throw new GradcheckSizeError(
    `the training graph '${t.graph.name}' is too large for a float64 gradient check at batch ${batch}: it would hold about ${gib(bytes)} of values, over the limit of ${gib(MAX_GRADCHECK_BYTES)} ` +
      `(${big}); check a smaller instance of it (--input NAME=SHAPE, --param NAME=VALUE, --batch 1): the derived gradients are the same rules at any size`,
  );
}

export interface GradcheckOptions {
  readonly seed?: number;
  readonly batch?: number;
  /** Central-difference step. */
  readonly eps?: number;
  /** Entries checked per tensor; smaller tensors are checked whole. */
  readonly samples?: number;
}

export interface TensorCheck {
  readonly name: string;
  readonly kind: "param" | "input";
  readonly checked: number;
  readonly size: number;
  /** Largest (|analytic − numeric| − rounding noise)⁺ / max(|analytic|, |numeric|) over the checked entries. */
  readonly worst: number;
  readonly worstIndex: number;
  readonly analytic: number;
  readonly numeric: number;
}

export interface GradcheckResult {
  readonly loss: number;
  readonly tensors: readonly TensorCheck[];
}

/**
 * For a network without a training section: a mean-squared error on every
 * output against a random target, so that every output's gradient is checked.
 */
export function syntheticTrainSpec(g: Graph): TrainSpec {
  const losses: LossSpec[] = g.outputs.map((o) => ({
    kind: "mse",
    output: o.name,
    label: `target_${o.name}`,
    labelShape: g.nodes[o.node]!.shape,
    labelDType: "f32",
    weight: 1,
    attrs: { weight: 1 },
  }));
  return { losses, optimizer: { kind: "sgd", attrs: { lr: 0.1 } }, frozen: [], settings: { seed: 0 } };
}

/**
 * How many values an integer input may take, 0..count − 1: an integer label
 * indexes the classes (axis 0) of the output its loss reads; ids index the
 * rows of every op that declares them (embedding's `indexes`), the fewest
 * of them; otherwise 2.
 */
export function integerRange(t: TrainingGraph, input: number): number {
  const g = t.graph;
  const n = g.nodes[input]!;
  const loss = t.losses.find((l) => l.spec.label === n.name);
  if (loss) return g.nodes[g.nodes[loss.node]!.inputs[0]!]?.shape[0] ?? 2;
  const counts = g.nodes.flatMap((user) => {
    const idx = lookupOp(user.op)?.indexes;
    return idx && user.inputs[idx.input] === input ? [idx.count(user.attrs)] : [];
  });
  return counts.length > 0 ? Math.min(...counts) : 2;
}

/** Random feeds: normal floats for float inputs and labels, valid values for integer inputs and labels (integerRange). */
export function randomFeeds(t: TrainingGraph, batch: number, rng: Rng): Map<string, Tensor> {
  const g = t.graph;
  const feeds = new Map<string, Tensor>();
  for (const id of g.inputs) {
    const n = g.nodes[id]!;
    const shape = [batch, ...n.shape];
    const x = zeros(shape);
    if (n.dtype === "i32") {
      const count = integerRange(t, id);
      for (let i = 0; i < x.data.length; i++) x.data[i] = Math.floor(rng.uniform() * count);
    } else {
      for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
    }
    feeds.set(n.name, x);
  }
  return feeds;
}

function pick(size: number, samples: number, rng: Rng): number[] {
  if (size <= samples) return Array.from({ length: size }, (_, i) => i);
  const chosen = new Set<number>();
  while (chosen.size < samples) chosen.add(Math.floor(rng.uniform() * size));
  return [...chosen].sort((a, b) => a - b);
}

export function gradcheck(t: TrainingGraph, opts: GradcheckOptions = {}): GradcheckResult {
  const seed = opts.seed ?? 0;
  const batch = opts.batch ?? 2;
  const eps = opts.eps ?? 1e-6;
  const samples = opts.samples ?? 12;
  checkGradcheckSize(t, batch);
  const rng = new Rng(seed ^ 0x5bd1e995);
  const params = initParams(t.graph, seed, "f64");
  const feeds = randomFeeds(t, batch, rng);
  const run = (upTo?: number) => execute(t.graph, { feeds, params, batch, precision: "f64", step: 0, kernels: backwardKernels, upTo }).values;
  // The losses come before every backward node, so a loss evaluation stops there.
  const lossOf = () => run(t.loss)[t.loss]!.data[0]!;

  const full = run();
  const loss = full[t.loss]!.data[0]!;
  const tensors: TensorCheck[] = [];
  const check = (name: string, kind: TensorCheck["kind"], target: Tensor, grad: Tensor) => {
    const idx = pick(target.data.length, samples, rng);
    let worst = 0;
    let worstIndex = -1;
    let a0 = 0;
    let n0 = 0;
    for (const i of idx) {
      const keep = target.data[i]!;
      target.data[i] = keep + eps;
      const up = lossOf();
      target.data[i] = keep - eps;
      const down = lossOf();
      target.data[i] = keep;
      const numeric = (up - down) / (2 * eps);
      const analytic = grad.data[i]!;
      // A central difference carries rounding noise of about ε·|L|/eps; the
      // part of the discrepancy within that noise is not a gradient error
      // (it matters where the true gradient is zero, e.g. a bias before BN).
      const noise = (16 * Number.EPSILON * (Math.abs(up) + Math.abs(down))) / (2 * eps);
      const rel = Math.max(0, Math.abs(analytic - numeric) - noise) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-300);
      if (rel > worst || worstIndex < 0) {
        worst = rel;
        worstIndex = i;
        a0 = analytic;
        n0 = numeric;
      }
    }
    tensors.push({ name, kind, checked: idx.length, size: target.data.length, worst, worstIndex, analytic: a0, numeric: n0 });
  };
  for (const [name, node] of t.gradients) check(name, "param", params.get(name)!, full[node]!);
  for (const [name, node] of t.inputGradients) check(name, "input", feeds.get(name)!, full[node]!);
  return { loss, tensors };
}
