// The training section: losses on named outputs (with per-head weights),
// the optimizer, the schedule, frozen layers and settings. Checked here
// against the elaborated graph so that every mistake points at its source.

import type * as A from "../../grammar/ast.js";
import { error, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { didYouMean } from "../../core/diagnostics/suggest.js";
import { formatShape, type Attrs, type DType, type Graph, type LossSpec, type Shape, type TrainSpec } from "../../core/ir/graph.js";
import { AttrError, normaliseAttrs, type AttrOwner } from "../../ops/attrs.js";
import type { AttrSpec, LossFacet } from "../../ops/contract.js";
import { allOps } from "../../ops/registry.js";
import { ElabError, fail } from "./builder.js";
import { show, toAttr, type Value } from "./values.js";

const weight: AttrSpec = { type: "float", min: 0, default: 1, doc: "the loss's weight in the total" };

/** A loss of the training section: a loss op's name and loss facet (aliases, label rule), and its attributes there. */
export interface LossKind extends AttrOwner, LossFacet {}

/**
 * Every loss a training section and `--loss` accept: the ops with a loss
 * facet (ops/<name>/op.ts), in registry order (the order "expected" lists
 * them). A loss takes its weight in the total, then the op's attributes.
 */
export const LOSSES: readonly LossKind[] = allOps.flatMap((op) => (op.loss ? [{ name: op.name, aliases: op.loss.aliases, label: op.loss.label, attrs: { weight, ...op.attrs } }] : []));

/** How a diagnostic says what an output a loss cannot score is, per sample. */
export function outputWords(shape: Shape): string {
  return shape.length === 0 ? "is a scalar" : `has shape ${formatShape(shape)}`;
}

const lr = (d?: number): AttrSpec => ({ type: "float", above: 0, ...(d === undefined ? {} : { default: d }), doc: "learning rate" });
const decay: AttrSpec = { type: "float", min: 0, default: 0, doc: "L2 weight decay" };
const decayAll: AttrSpec = { type: "bool", default: true, doc: "also decay BN parameters and biases" };

export const OPTIMIZERS: readonly AttrOwner[] = [
  { name: "sgd", attrs: { lr: lr(), momentum: { type: "float", min: 0, max: 1, default: 0, doc: "momentum" }, nesterov: { type: "bool", default: false, doc: "Nesterov momentum" }, weight_decay: decay, decay_all: decayAll } },
  { name: "adam", attrs: { lr: lr(1e-3), beta1: { type: "float", min: 0, max: 1, default: 0.9, doc: "β1" }, beta2: { type: "float", min: 0, max: 1, default: 0.999, doc: "β2" }, eps: { type: "float", above: 0, default: 1e-8, doc: "ε" }, weight_decay: decay, decay_all: decayAll } },
  { name: "adamw", attrs: { lr: lr(1e-3), beta1: { type: "float", min: 0, max: 1, default: 0.9, doc: "β1" }, beta2: { type: "float", min: 0, max: 1, default: 0.999, doc: "β2" }, eps: { type: "float", above: 0, default: 1e-8, doc: "ε" }, weight_decay: { ...decay, default: 0.01 }, decay_all: decayAll } },
];

const warmup: AttrSpec = { type: "int", min: 0, default: 0, doc: "warm-up epochs" };
export const SCHEDULES: readonly AttrOwner[] = [
  { name: "constant", attrs: { warmup } },
  { name: "step", attrs: { every: { type: "int", min: 1, doc: "epochs between steps" }, gamma: { type: "float", above: 0, default: 0.1, doc: "factor at each step" }, warmup } },
  { name: "cosine", attrs: { min_lr: { type: "float", min: 0, default: 0, doc: "final learning rate" }, warmup } },
];

export const SETTINGS: AttrOwner = {
  name: "train",
  attrs: {
    epochs: { type: "int", min: 1, default: 10, doc: "epochs" },
    batch: { type: "int", min: 1, default: 32, doc: "batch size" },
    seed: { type: "int", min: 0, default: 0, doc: "random seed" },
    clip_norm: { type: "float", above: 0, default: null, doc: "gradient clipping by global norm" },
  },
};

type Eval = (e: A.Expr) => Value;

function attrsOf(owner: AttrOwner, args: readonly A.Arg[], evaluate: Eval, span: A.Node["span"], skip: string[] = []): Attrs {
  const positional = [];
  const spans = [];
  const named = new Map();
  const namedSpans = new Map<string, A.Node["span"]>();
  for (const a of args) {
    if (a.name && skip.includes(a.name.name)) continue;
    const v = toAttr(evaluate(a.value));
    if (v === undefined) fail(`${owner.name}: argument must be a number, boolean, string or list`, a.span);
    if (a.name) {
      named.set(a.name.name, v);
      namedSpans.set(a.name.name, a.span);
    } else {
      positional.push(v);
      spans.push(a.span);
    }
  }
  try {
    return normaliseAttrs(owner, { positional, named });
  } catch (e) {
    if (!(e instanceof AttrError)) throw e;
    const at = typeof e.at === "number" ? spans[e.at] : typeof e.at === "string" ? namedSpans.get(e.at) : undefined;
    fail(`${owner.name}: ${e.message}`, at ?? span, { expected: e.expected, notes: e.notes });
  }
}

function find<T extends AttrOwner & { aliases?: readonly string[] }>(table: readonly T[], id: A.Ident, what: string): T {
  const hit = table.find((t) => t.name === id.name || t.aliases?.includes(id.name));
  if (!hit) fail(`unknown ${what} '${id.name}'`, id.span, { expected: table.map((t) => t.name).join(", "), notes: didYouMean(id.name, table.flatMap((t) => [t.name, ...(t.aliases ?? [])])) });
  return hit;
}

export function elaborateTrain(decl: A.TrainDecl, graph: Graph, evaluate: Eval): { spec?: TrainSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const losses: LossSpec[] = [];
  const frozen: string[] = [];
  let optimizer: TrainSpec["optimizer"] | undefined;
  let schedule: TrainSpec["schedule"];
  const settingArgs: A.Arg[] = [];
  const labels = new Map<string, { shape: Shape; dtype: DType }>();
  const nodeNames = graph.nodes.map((n) => n.name);
  for (const item of decl.items) {
    try {
      switch (item.kind) {
        case "loss": {
          const kind = find(LOSSES, item.fn, "loss");
          const out = graph.outputs.find((o) => o.name === item.output.name);
          if (!out) fail(`loss ${kind.name}: network '${graph.name}' has no output '${item.output.name}'`, item.output.span, { expected: graph.outputs.map((o) => o.name).join(", "), notes: didYouMean(item.output.name, graph.outputs.map((o) => o.name)) });
          const outShape = graph.nodes[out.node]!.shape;
          const want = kind.label(outShape);
          if ("needs" in want) fail(`${kind.name} needs ${want.needs}, but '${out.name}' ${outputWords(outShape)}`, item.output.span);
          let shape = want.shape;
          let dtype = want.dtype;
          if (item.labelType) {
            const dt = item.labelType.dtype?.name;
            dtype = dt === undefined ? want.dtype : dt === "int" || dt === "i32" ? "i32" : dt === "float" || dt === "f32" ? "f32" : fail(`unknown element type '${dt}'`, item.labelType.dtype!.span, { expected: "int, i32, float or f32" });
            if (item.labelType.dims) shape = item.labelType.dims.map((d) => {
              const v = evaluate(d);
              if (typeof v !== "number" || !Number.isInteger(v) || v < 1) fail(`a label dimension must be a whole number ≥ 1, got ${show(v)}`, d.span);
              return v;
            });
            else if (dt !== undefined && dtype !== want.dtype) shape = want.shape;
            if (dtype !== want.dtype || shape.length !== want.shape.length || shape.some((d, i) => d !== want.shape[i])) {
              fail(`${kind.name} on '${out.name}' ${formatShape(outShape)} needs ${want.dtype === "i32" ? "an integer" : "a float"} label of shape ${formatShape(want.shape)}, but '${item.label.name}' is ${dtype}${formatShape(shape)}`, item.labelType.span, { expected: `${want.dtype}${formatShape(want.shape)}` });
            }
          }
          if (graph.inputs.some((i) => graph.nodes[i]!.name === item.label.name)) fail(`label '${item.label.name}' has the name of a network input`, item.label.span, { expected: "a label name distinct from the inputs" });
          const prev = labels.get(item.label.name);
          if (prev && (prev.dtype !== dtype || prev.shape.join() !== shape.join())) fail(`label '${item.label.name}' is used with two different types`, item.label.span);
          labels.set(item.label.name, { shape, dtype });
          const attrs = attrsOf(kind, item.args, evaluate, item.span);
          losses.push({ kind: kind.name, output: out.name, label: item.label.name, labelShape: shape, labelDType: dtype, weight: attrs.weight as number, attrs, span: item.span });
          break;
        }
        case "optimizer":
        case "schedule": {
          const table = item.kind === "optimizer" ? OPTIMIZERS : SCHEDULES;
          const kind = find(table, item.fn, item.kind);
          const prev = item.kind === "optimizer" ? optimizer : schedule;
          if (prev) fail(`a second ${item.kind}`, item.span, { expected: `one ${item.kind} per training section` });
          const v = { kind: kind.name, attrs: attrsOf(kind, item.args, evaluate, item.span), span: item.span };
          if (v.attrs.nesterov === true && v.attrs.momentum === 0) {
            fail("sgd: Nesterov momentum needs momentum > 0", item.span, { expected: "momentum = 0.9 (say) with nesterov = true" });
          }
          if (item.kind === "optimizer") optimizer = v;
          else schedule = v;
          break;
        }
        case "freeze":
          for (const n of item.names) {
            if (!nodeNames.some((x) => x === n.name || x.startsWith(n.name + "."))) {
              fail(`freeze: no layer or block named '${n.name}' in network '${graph.name}'`, n.span, { expected: "a layer or block name as `dlc summary` lists it", notes: didYouMean(n.name, nodeNames) });
            }
            frozen.push(n.name);
          }
          break;
        case "setting":
          settingArgs.push({ name: item.name, value: item.value, span: item.span });
          break;
      }
    } catch (e) {
      if (e instanceof ElabError) diagnostics.push(e.diagnostic);
      else throw e;
    }
  }
  let settings: Attrs = {};
  try {
    settings = attrsOf(SETTINGS, settingArgs, evaluate, decl.span);
  } catch (e) {
    if (e instanceof ElabError) diagnostics.push(e.diagnostic);
    else throw e;
  }
  // A rejected loss or optimizer was reported already; do not add "has none".
  const rejected = (kind: string) => decl.items.some((i) => i.kind === kind);
  if (losses.length === 0 && !rejected("loss")) diagnostics.push(error(`training section for '${graph.name}' has no loss`, decl.span, { expected: "loss cross_entropy(OUTPUT, LABEL) or another loss" }));
  if (!optimizer && !rejected("optimizer")) diagnostics.push(error(`training section for '${graph.name}' has no optimizer`, decl.span, { expected: "optimizer sgd(lr = 0.1) or adam()" }));
  if (diagnostics.length) return { diagnostics };
  return { spec: { losses, optimizer: optimizer!, schedule, frozen, settings, span: decl.span }, diagnostics };
}

/** Marks the parameters of frozen layers as not trainable. */
export function applyFreeze(graph: Graph, frozen: readonly string[]): void {
  for (const node of graph.nodes) {
    if (!frozen.some((f) => node.name === f || node.name.startsWith(f + "."))) continue;
    for (const p of Object.values(node.params)) graph.params.get(p)!.trainable = false;
  }
}
