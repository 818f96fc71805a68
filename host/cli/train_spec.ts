// How `dlc train` and `dlc eval` decide what a network trains with, as
// Keras' compile() would: the training section when the file has one, else
// the defaults that compiler/pipeline.ts's assumedTrainSpec states
// (cross-entropy on a class-score output, mean-squared error elsewhere and
// on a one-value output,
// sgd(lr = 0.1, momentum = 0.9), 1 epoch of batch 32, seed 0); and on top of
// either, the command line:
//
//   --loss NAME       the loss of a network with one head (one output, or a
//                     training section with one loss): replaces that loss's
//                     kind, keeps its output, label name and weight; a
//                     network with several heads is refused (write the
//                     losses in its training section);
//   --optimizer NAME  the optimizer: the section's (or assumed) one when it
//                     has that name, its settings kept; otherwise NAME with
//                     PyTorch's and Keras' defaults (sgd: lr 0.01, no
//                     momentum; adam, adamw: lr 0.001);
//   --lr X            the base learning rate of whichever optimizer runs.
//
// Whatever replaces or assumes something is said once, on stderr, by the
// caller (the `note` of the result).

import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { LOSSES, OPTIMIZERS, outputWords } from "../../compiler/elaborate/train.js";
import type { Attrs, Graph, LossSpec, TrainSpec } from "../../core/ir/graph.js";
import { normaliseAttrs } from "../../ops/attrs.js";
import { buildTrainingGraph, type TrainingGraph } from "../../compiler/passes/autodiff.js";
import { inferShapes } from "../../compiler/passes/infer_shapes.js";
import { verifyGraph } from "../../compiler/passes/verify.js";
import { assumedTrainSpec } from "../../compiler/pipeline.js";

export interface SpecFlags {
  readonly loss?: string;
  readonly optimizer?: string;
  readonly lr?: number;
}

export type SpecChoice = { readonly spec: TrainSpec; readonly note?: string } | { readonly usage: string };

/** The learning rate of plain SGD when --optimizer sgd replaces another optimizer (torch.optim.SGD has none; Keras' SGD uses 0.01). */
export const SGD_DEFAULT_LR = 0.01;

const names = (table: readonly { name: string }[]) => table.map((t) => t.name).join(", ");

function describeLoss(l: LossSpec): string {
  return `${l.kind}(${l.output}, ${l.label})`;
}

/** The optimizer as the training section would say it, the settings that matter only. */
export function describeOptimizer(o: TrainSpec["optimizer"], lr?: number): string {
  const a = o.attrs;
  const parts = [`lr = ${lr ?? a.lr}`];
  if (typeof a.momentum === "number" && a.momentum > 0) parts.push(`momentum = ${a.momentum}`);
  if (a.nesterov === true) parts.push("nesterov = true");
  if (typeof a.weight_decay === "number" && a.weight_decay > 0) parts.push(`weight_decay = ${a.weight_decay}`);
  return `${o.kind}(${parts.join(", ")})`;
}

function replaceLoss(graph: Graph, base: TrainSpec, assumed: boolean, name: string): LossSpec | string {
  const kind = LOSSES.find((k) => k.name === name || k.aliases.includes(name));
  if (!kind) return `--loss: unknown loss '${name}' (expected one of ${names(LOSSES)})`;
  if (base.losses.length !== 1) {
    const heads = assumed ? `${graph.outputs.length} outputs (${graph.outputs.map((o) => o.name).join(", ")})` : `${base.losses.length} losses in its training section`;
    return `--loss sets the loss of a network with one head, but '${graph.name}' has ${heads}; write each head's loss in a training section (train ${graph.name} { loss … })`;
  }
  const old = base.losses[0]!;
  if (old.kind === kind.name) return old;
  const out = graph.outputs.find((o) => o.name === old.output)!;
  const shape = graph.nodes[out.node]!.shape;
  const label = kind.label(shape);
  if ("needs" in label) return `--loss ${kind.name} needs ${label.needs}, but output '${old.output}' ${outputWords(shape)} per sample`;
  const attrs: Attrs = { ...normaliseAttrs(kind, { positional: [], named: new Map() }), weight: old.weight };
  // A label name the user wrote stays; an assumed one follows the new loss's label type.
  const labelName = assumed ? (label.dtype === "i32" ? "label" : "target") : old.label;
  return { kind: kind.name, output: old.output, label: labelName, labelShape: label.shape, labelDType: label.dtype, weight: old.weight, attrs, span: old.span };
}

function replaceOptimizer(base: TrainSpec, name: string): TrainSpec["optimizer"] | string {
  const kind = OPTIMIZERS.find((k) => k.name === name);
  if (!kind) return `--optimizer: unknown optimizer '${name}' (expected one of ${names(OPTIMIZERS)})`;
  if (base.optimizer.kind === kind.name) return base.optimizer;
  const named = new Map(kind.attrs.lr?.default === undefined ? [["lr", SGD_DEFAULT_LR]] : []);
  return { kind: kind.name, attrs: normaliseAttrs(kind, { positional: [], named }) };
}


/**
 * What `graph` trains (or is measured) with under these flags. `purpose`
 * "eval" reads only the losses, and says nothing of the optimizer.
 */
export function chooseTrainSpec(graph: Graph, flags: SpecFlags, purpose: "train" | "eval"): SpecChoice {
  const assumed = graph.train === undefined;
  const base = graph.train ?? assumedTrainSpec(graph);
  let losses = base.losses;
  let optimizer = base.optimizer;
  const changed: string[] = [];
  if (flags.loss !== undefined) {
    const l = replaceLoss(graph, base, assumed, flags.loss);
    if (typeof l === "string") return { usage: l };
    if (l !== base.losses[0]) changed.push(`--loss ${l.kind} replaces the training section's ${describeLoss(base.losses[0]!)}: ${describeLoss(l)}`);
    losses = [l];
  }
  if (flags.optimizer !== undefined && purpose === "train") {
    const o = replaceOptimizer(base, flags.optimizer);
    if (typeof o === "string") return { usage: o };
    if (o !== base.optimizer) changed.push(`--optimizer ${o.kind} replaces the training section's ${describeOptimizer(base.optimizer)}: ${describeOptimizer(o, flags.lr)}`);
    optimizer = o;
  }
  const spec: TrainSpec = { ...base, losses, optimizer };
  if (assumed) {
    const what = losses.map(describeLoss).join(", ");
    const note =
      purpose === "train"
        ? `network '${graph.name}' has no training section: training it with ${what} and ${describeOptimizer(optimizer, flags.lr)} ` +
          `(choose others with --loss, --optimizer and --lr, or add a training section: train ${graph.name} { loss …  optimizer … })`
        : `network '${graph.name}' has no training section: measuring ${what}${losses.length === 1 ? " (choose another loss with --loss)" : ""}`;
    return { spec, note };
  }
  return changed.length > 0 ? { spec, note: changed.join("; ") } : { spec };
}

/**
 * The training graph of `graph` under `spec` (which becomes graph.train, the
 * section the training loops read), checked as compiler/pipeline.ts checks
 * its own; diagnostics when it cannot be built.
 */
export function trainingGraphFor(graph: Graph, spec: TrainSpec): TrainingGraph | Diagnostic[] {
  graph.train = spec;
  const training = buildTrainingGraph(graph, { train: spec });
  if (Array.isArray(training)) return training;
  for (const pass of [verifyGraph, inferShapes, verifyGraph]) {
    const found = pass(training.graph);
    if (found.some((d) => d.severity === "error")) return found;
  }
  return training;
}
