// Reverse-mode autodiff as a graph-to-graph pass (docs/autodiff.md): copies
// the forward graph in training mode, appends the losses of the training
// section and their weighted total, then walks the forward nodes backwards
// asking each op's gradient rule for its vector-Jacobian product, written
// as IR nodes. The result is an ordinary graph: the verifier, shape
// inference and cost analysis apply to it unchanged.

import { error, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { GraphBuilder, ElabError } from "../elaborate/builder.js";
import type { AttrValue, Graph, LossSpec, Node, ParamInfo, TrainSpec } from "../../core/ir/graph.js";
import type { GradContext, OpDef } from "../../ops/contract.js";
import { lookupOp } from "../../ops/registry.js";

/** The forward graph in training mode alone (a module's forward after train()): no losses, no backward. */
export interface TrainingForward {
  readonly graph: Graph;
  /** Forward node id → the id of its training-mode copy. */
  readonly forwardMap: readonly number[];
}

export interface TrainingGraph extends TrainingForward {
  /** Node id of the weighted total loss (an unbatched scalar). */
  readonly loss: number;
  /** One entry per loss of the training section, in order. */
  readonly losses: readonly { readonly spec: LossSpec; readonly node: number }[];
  /** Label name → its input node. */
  readonly labels: ReadonlyMap<string, number>;
  /** Trainable parameter name → node id of its gradient (unbatched, the parameter's shape). */
  readonly gradients: ReadonlyMap<string, number>;
  /** Input name → node id of the loss's gradient with respect to it (when requested). */
  readonly inputGradients: ReadonlyMap<string, number>;
}

export interface AutodiffOptions {
  /** Also differentiate with respect to the network's inputs (gradcheck). */
  readonly inputGradients?: boolean;
  /** Use these losses instead of the graph's training section. */
  readonly train?: TrainSpec;
  /** Only the forward graph in training mode (a module's forward after train()): no losses, no backward. */
  readonly forwardOnly?: boolean;
}

function op(name: string): OpDef {
  const o = lookupOp(name);
  if (!o) throw new Error(`internal: autodiff needs op '${name}', which is not registered`);
  return o;
}

/** The owner part of a parameter name: "layer1.conv1.weight" → "layer1.conv1". */
function ownerOf(paramName: string, role: string): string {
  return paramName.slice(0, paramName.length - role.length - 1);
}

class TrainingBuilder {
  readonly b = new GraphBuilder();
  private readonly taken = new Set<string>();

  constructor(params: ReadonlyMap<string, ParamInfo>) {
    for (const [name, p] of params) this.b.params.set(name, { ...p });
  }

  unique(base: string): string {
    let name = base;
    for (let i = 1; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  /**
   * Adds a node with complete attributes; `paramsFrom` maps its roles to
   * the parameter names it reads.
   */
  add(opName: string, inputs: readonly number[], attrs: Readonly<Record<string, AttrValue>>, name: string, paramsFrom: Readonly<Record<string, string>> = {}, span?: Node["span"]): number {
    const o = op(opName);
    const owners = new Set(Object.entries(paramsFrom).map(([role, p]) => ownerOf(p, role)));
    if (owners.size > 1) throw new Error(`internal: node '${name}' reads parameters of two owners`);
    const owner = owners.values().next().value ?? name;
    const declared = o.params({ inputs: inputs.map((i) => this.b.nodes[i]!.shape), attrs: attrsFor(o, attrs) }).map((p) => p.role);
    for (const role of declared) {
      if (!(role in paramsFrom)) throw new Error(`internal: node '${name}' (${opName}) declares parameter role '${role}' that it was not given`);
    }
    try {
      return this.b.addNode(o, inputs, { positional: [], named: new Map(Object.entries(attrs)) }, this.unique(name), span, { positional: [], named: new Map() }, owner);
    } catch (e) {
      if (e instanceof ElabError) throw new Error(`internal: autodiff built an invalid node '${name}': ${e.diagnostic.message}`);
      throw e;
    }
  }
}

/** Attributes as the op's rules see them (defaults filled), for asking its parameter roles. */
function attrsFor(o: OpDef, attrs: Readonly<Record<string, AttrValue>>): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [k, spec] of Object.entries(o.attrs)) out[k] = k in attrs ? attrs[k]! : spec.default === undefined ? null : spec.default;
  return out;
}

/**
 * Copies the forward nodes into the training graph, each in its op's
 * training form (bn in training mode, dropout as x · mask) or as itself.
 */
function copyInTrainingMode(fwd: Graph, tb: TrainingBuilder, map: number[], aux: Map<number, Readonly<Record<string, number>>>, seed: number): void {
  for (const n of fwd.nodes) {
    const inputs = n.inputs.map((i) => map[i]!);
    const form = n.op === "input" ? undefined : op(n.op).trainingForm;
    if (!form) {
      map[n.id] = tb.add(n.op, inputs, n.attrs, n.name, n.params, n.span);
      continue;
    }
    const r = form({
      node: n,
      inputs,
      seed,
      emit: (opName, ins, attrs, o = {}) => tb.add(opName, ins, attrs, o.suffix === undefined ? n.name : `${n.name}.${o.suffix}`, o.sameParams ? n.params : {}, n.span),
    });
    map[n.id] = r.value;
    if (r.aux) aux.set(n.id, r.aux);
  }
}

/** The training graph; with `forwardOnly`, only its forward part. */
export function buildTrainingGraph(fwd: Graph, opts: AutodiffOptions & { readonly forwardOnly: true }): TrainingForward | Diagnostic[];
export function buildTrainingGraph(fwd: Graph, opts?: AutodiffOptions & { readonly forwardOnly?: false }): TrainingGraph | Diagnostic[];
export function buildTrainingGraph(fwd: Graph, opts: AutodiffOptions = {}): TrainingGraph | TrainingForward | Diagnostic[] {
  const train = opts.train ?? fwd.train;
  if (!train || train.losses.length === 0) {
    return [error(`network '${fwd.name}' has no training section with a loss to differentiate`, fwd.span, { expected: `train ${fwd.name} { loss … ; optimizer … }` })];
  }
  const tb = new TrainingBuilder(fwd.params);
  const map: number[] = [];
  const aux = new Map<number, Readonly<Record<string, number>>>();
  const seed = typeof train.settings.seed === "number" ? train.settings.seed : 0;

  // 1. The forward graph in training mode.
  copyInTrainingMode(fwd, tb, map, aux, seed);
  if (opts.forwardOnly) {
    const graph = tb.b.finish(`${fwd.name}.train_forward`, fwd.outputs.map((o) => ({ name: o.name, node: map[o.node]!, span: o.span })), fwd.span);
    return { graph, forwardMap: map };
  }

  // 2. Labels, losses and their weighted total.
  const labels = new Map<string, number>();
  const losses: { spec: LossSpec; node: number }[] = [];
  const seeds: { output: number; grad: number }[] = [];
  for (const l of train.losses) {
    let label = labels.get(l.label);
    if (label === undefined) {
      if (fwd.nodes.some((n) => n.name === l.label)) return [error(`label '${l.label}' has the name of a node of the network`, l.span, { expected: "a label name not used in the network" })];
      label = tb.add("input", [], { shape: [...l.labelShape], dtype: l.labelDType }, l.label, {}, l.span);
      labels.set(l.label, label);
    }
    const out = fwd.outputs.find((o) => o.name === l.output)!;
    const { weight, ...valueAttrs } = l.attrs;
    const value = tb.add(l.kind, [map[out.node]!, label], valueAttrs, `loss.${l.output}`, {}, l.span);
    losses.push({ spec: l, node: value });
    const gradOp = op(l.kind).lossGradient;
    if (gradOp === undefined) throw new Error(`internal: loss '${l.kind}' names no gradient op`);
    seeds.push({ output: out.node, grad: tb.add(gradOp, [map[out.node]!, label], { ...valueAttrs, weight: weight ?? 1 }, `grad.loss.${l.output}`, {}, l.span) });
  }
  const loss = tb.add("weighted_sum", losses.map((l) => l.node), { weights: train.losses.map((l) => l.weight) }, "loss", {}, train.span);

  // 3. Which forward nodes need a gradient: those with a trainable parameter or a requested input behind them.
  const trainable = (p: string) => fwd.params.get(p)?.trainable === true;
  const needs: boolean[] = [];
  for (const n of fwd.nodes) {
    needs[n.id] = (n.op === "input" && opts.inputGradients === true) || Object.values(n.params).some(trainable) || n.inputs.some((i) => needs[i]);
  }

  // 4. Backwards: sum the gradients that reach each node, then apply its rule.
  const pending = new Map<number, number[]>();
  const push = (fwdId: number, g: number) => pending.set(fwdId, [...(pending.get(fwdId) ?? []), g]);
  for (const s of seeds) if (needs[s.output]) push(s.output, s.grad);
  const paramGrads = new Map<string, number[]>();
  const inputGradients = new Map<string, number>();
  for (let id = fwd.nodes.length - 1; id >= 0; id--) {
    const n = fwd.nodes[id]!;
    const gs = pending.get(id);
    if (!gs || !needs[id]) continue;
    const dy = gs.length === 1 ? gs[0]! : tb.add("add", gs, {}, `grad.${n.name}.sum`, {}, n.span);
    if (n.op === "input") {
      inputGradients.set(n.name, dy);
      continue;
    }
    const o = op(n.op);
    if (!o.grad) throw new Error(`internal: op '${n.op}' has no gradient rule`);
    const ctx: GradContext = {
      node: n,
      inputs: n.inputs.map((i) => fwd.nodes[i]!.shape),
      // The training copy's attributes (bn in training mode), where the copy is the same op.
      attrs: tb.b.nodes[map[id]!]!.op === n.op ? tb.b.nodes[map[id]!]!.attrs : n.attrs,
      x: (i) => map[n.inputs[i]!]!,
      y: map[id]!,
      dy,
      needsInput: (i) => needs[n.inputs[i]!] === true,
      needsParam: (role) => n.params[role] !== undefined && trainable(n.params[role]!),
      emit: (opName, inputs, attrs, params = {}) =>
        tb.add(opName, inputs, attrs, `grad.${n.name}.${opName}`, Object.fromEntries(Object.entries(params).map(([role, fwdRole]) => [role, n.params[fwdRole]!])), n.span),
      aux: (name) => {
        const v = aux.get(id)?.[name];
        if (v === undefined) throw new Error(`internal: node '${n.name}' has no auxiliary value '${name}'`);
        return v;
      },
    };
    const r = o.grad(ctx);
    (r.inputs ?? []).forEach((g, i) => {
      if (g !== undefined && needs[n.inputs[i]!]) push(n.inputs[i]!, g);
    });
    for (const [role, g] of Object.entries(r.params ?? {})) {
      const p = n.params[role]!;
      if (trainable(p)) paramGrads.set(p, [...(paramGrads.get(p) ?? []), g]);
    }
  }
  if (paramGrads.size === 0 && !opts.inputGradients) {
    return [error(`the loss of '${fwd.name}' does not depend on any trainable parameter`, train.span, { expected: "a loss on an output that trainable layers compute (is everything frozen?)" })];
  }
  // A weight shared by several layers: its gradient is the sum of theirs.
  const gradients = new Map<string, number>();
  for (const [p, gs] of paramGrads) gradients.set(p, gs.length === 1 ? gs[0]! : tb.add("add", gs, {}, `grad.${p}.sum`, {}, undefined));

  const graph = tb.b.finish(`${fwd.name}.train`, [...losses.map((l) => ({ name: tb.b.nodes[l.node]!.name, node: l.node })), { name: "loss", node: loss }], fwd.span);
  graph.train = train;
  return { graph, loss, losses, labels, gradients, inputGradients, forwardMap: map };
}
