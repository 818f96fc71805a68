// Builds programs (the format: core/program/program.ts) from a graph: the
// inference program, and the training program with its backward and
// optimizer step.
//
// Values other than parameters and gradients share one arena, planned by
// plan_memory.ts; parameters sit in one flat buffer and gradients in another
// at the same offsets (core/params/layout.ts), so that one fused kernel
// updates every parameter. Offsets use 256-byte alignment, the largest
// storage offset alignment WebGPU allows, so a program suits any device.

import { elementCount, type Graph } from "../../core/ir/graph.js";
import { PROGRAM_ALIGN, type Program, type ProgramKernel, type ProgramParam, type ProgramRange, type ProgramTensor } from "../../core/program/program.js";
import type { TrainingGraph } from "../passes/autodiff.js";
import { graphValues, planMemory } from "../passes/plan_memory.js";
import { layoutParams, type ParamLayout } from "../../core/params/layout.js";
import { optimizerHyper } from "../../core/optim/optimizers.js";
import { STEP_BUFFER_BYTES, type OptimizerBinding } from "../../core/optim/state_layout.js";
import { lookupOp } from "../../ops/registry.js";
import { isBatched } from "../passes/batched.js";
import { headNames } from "../../core/ir/head_names.js";
import { kernelModuleOf, lowerGraph } from "./lower.js";
import { paramKey, valueKey } from "./fusion/refs.js";
import { splitWeightGradients, type SplitChooser } from "../passes/split_k.js";
import { colsDataGradients } from "../passes/cols_grad.js";
import type { GemmChooser } from "../../ops/templates/gemm_choice.js";
import { emitOptimizer } from "./optimizer.js";
import { emitExtra, emitGroup, type BindingRef } from "./fusion/emit.js";
import { partitionGraph, unfusedPartition, type Partition } from "./fusion/partition.js";
import { fullShape, fullShapes } from "../passes/full_shapes.js";

export interface ProgramOptions {
  /** Fuse kernels (fusion/partition.ts); default true. false: one kernel per node, for debugging and parity baselines. */
  readonly fuse?: boolean;
  /** Measured GEMM choices for the target device, by gemmKey (host/tune/); absent: the defaults. */
  readonly gemmChoice?: GemmChooser;
  /** Split long, narrow weight gradients into partial sums (passes/split_k.ts); default true. */
  readonly splitK?: boolean;
  /** Measured split counts for the target device (host/tune/split_tune.ts); absent: the rule of thumb. */
  readonly splitChoice?: SplitChooser;
  /** Data gradients whose taps mostly read zeros in two steps, columns then col2im (passes/cols_grad.ts); default true. */
  readonly colsGrad?: boolean;
}

const MAX_WORKGROUPS = 65535;

class Buffers {
  readonly list: { label: string; bytes: number }[] = [];
  add(label: string, bytes: number): number {
    this.list.push({ label, bytes: Math.max(4, Math.ceil(bytes / 4) * 4) });
    return this.list.length - 1;
  }
}

function paramsOf(g: Graph, slots: ReadonlyMap<string, { offset: number; size: number }>, buffer: number): ProgramParam[] {
  return [...g.params.values()].map((p) => {
    const s = slots.get(p.name)!;
    return { name: p.name, shape: [...p.shape], dtype: "f32", kind: p.kind, trainable: p.trainable, range: { buffer, offset: s.offset * 4, size: Math.max(1, s.size) * 4 } };
  });
}

/** How the graph's nodes become kernels: fused (fusion/partition.ts) or one kernel per node. */
function planKernels(g: Graph, batch: number, opts: ProgramOptions, keep: ReadonlySet<number>, materialize: ReadonlySet<number>) {
  const plan = lowerGraph(g, batch, MAX_WORKGROUPS, opts.gemmChoice);
  const part = opts.fuse === false ? unfusedPartition(g, plan) : partitionGraph(g, batch, plan, { keep, materialize });
  return { plan, part, shapes: fullShapes(g, batch) };
}

/** The inputs whose batch statistics update running state (training-mode bn): read again by their running-statistics kernels. */
function bnInputs(g: Graph): Set<number> {
  return new Set(g.nodes.flatMap((n) => {
    const rs = lookupOp(n.op)?.runningState;
    return rs?.active(n.attrs) ? [n.inputs[rs.input]!] : [];
  }));
}

/**
 * The kernels in order, bound to the given value and parameter ranges; BN
 * running statistics right after each training-mode bn, while its input is
 * still alive in the arena.
 */
function graphKernels(g: Graph, batch: number, k: ReturnType<typeof planKernels>, value: (id: number) => ProgramRange, param: (name: string) => ProgramRange): ProgramKernel[] {
  const bind = (r: BindingRef) => ("value" in r ? value(r.value) : param(r.param));
  const out: ProgramKernel[] = [];
  for (const group of k.part.groups) {
    const e = emitGroup(g, k.shapes, k.plan, k.part, group, MAX_WORKGROUPS);
    out.push({ label: g.nodes[group.root]!.name, nodes: e.nodes.map((id) => g.nodes[id]!.name), code: e.code, dispatch: [...e.dispatch] as [number, number, number], bindings: e.refs.map(bind) });
    for (const id of group.nodes) {
      const n = g.nodes[id]!;
      const rs = lookupOp(n.op)?.runningState;
      if (!rs?.active(n.attrs)) continue;
      const x = n.inputs[rs.input]!;
      const update = kernelModuleOf(n.op)?.runningUpdate;
      if (!update) throw new Error(`internal: op '${n.op}' keeps running state but its kernel module has no runningUpdate`);
      const r = update(k.shapes[x]!, rs.momentum(n.attrs), { input: valueKey(x), mean: paramKey(n.params[rs.meanRole]!), variance: paramKey(n.params[rs.varRole]!) });
      const extra = emitExtra(g, k.shapes, k.part, r, `running statistics of '${n.name}'`);
      out.push({ label: `${n.name}.running`, nodes: [n.name], code: extra.code, dispatch: [...extra.dispatch] as [number, number, number], bindings: extra.refs.map(bind) });
    }
  }
  return out;
}

/**
 * Arena offsets of the values that reach memory. Values computed inside a
 * kernel or recomputed where read have none; a concat slice (a view) shares
 * its concat's range, which lives from the first slice written to the last
 * read of any of them.
 */
function valueRanges(g: Graph, batch: number, arena: number, exclude: ReadonlySet<number>, keep: ReadonlySet<number>, part: Partition) {
  const skip = new Set(exclude);
  for (const [id, root] of part.rootOf) if (id !== root) skip.add(id);
  for (const id of part.inlined.keys()) for (const n of part.inlined.get(id)!) skip.add(n);
  const values = graphValues(g, batch, skip, keep, part.runsAt);
  const byId = new Map(values.map((v) => [v.id, { ...v }]));
  const top = (id: number): number => (part.views.has(id) ? top(part.views.get(id)!.target) : id);
  for (const v of part.views.keys()) {
    const own = byId.get(v);
    const target = byId.get(top(v));
    if (!own || !target) continue;
    target.first = Math.min(target.first, own.first);
    target.last = Math.max(target.last, own.last);
  }
  for (const v of part.views.keys()) byId.delete(v);
  const memory = planMemory([...byId.values()], PROGRAM_ALIGN);
  const ranges = new Map<number, ProgramRange>();
  for (const [id, offset] of memory.offsets) {
    const n = g.nodes[id]!;
    ranges.set(id, { buffer: arena, offset, size: Math.max(1, elementCount(n.shape) * (isBatched(g, id) ? batch : 1)) * 4 });
  }
  return { memory, ranges };
}

function tensorAt(g: Graph, id: number, name: string, range: ProgramRange, batch: number): ProgramTensor {
  const n = g.nodes[id]!;
  return { name, shape: fullShape(g, id, batch), dtype: n.dtype, range };
}

/** The forward graph in eval mode: inputs in, outputs out. */
export function buildInferenceProgram(g: Graph, batch: number, given?: ParamLayout, opts: ProgramOptions = {}): Program {
  const buffers = new Buffers();
  // A module's programs share one parameter buffer, so they share its layout.
  const layout = given ?? layoutParams(g, new Set(), PROGRAM_ALIGN / 4);
  const paramBuffer = buffers.add("parameters", layout.totalLength * 4);
  const params = paramsOf(g, layout.slots, paramBuffer);
  const byName = new Map(params.map((p) => [p.name, p.range]));
  const arena = buffers.add("activations", 0);
  const keep = new Set(g.outputs.map((o) => o.node));
  const kernels = planKernels(g, batch, opts, keep, bnInputs(g));
  const { memory, ranges } = valueRanges(g, batch, arena, new Set(), keep, kernels.part);
  buffers.list[arena]!.bytes = Math.max(4, memory.arenaBytes);
  return {
    format: "dlc-program",
    version: 1,
    network: g.name,
    mode: "infer",
    batch,
    buffers: buffers.list,
    inputs: g.inputs.map((id) => tensorAt(g, id, g.nodes[id]!.name, ranges.get(id)!, batch)),
    outputs: g.outputs.map((o) => tensorAt(g, o.node, o.name, ranges.get(o.node)!, batch)),
    params,
    kernels: graphKernels(g, batch, kernels, (id) => ranges.get(id)!, (p) => byName.get(p)!),
    memory: { arenaBytes: memory.arenaBytes, lowerBoundBytes: memory.lowerBoundBytes, naiveBytes: memory.naiveBytes },
  };
}

/** One training step: forward in training mode, losses, backward, the fused optimizer, BN running statistics. */
export function buildTrainingProgram(given: TrainingGraph, batch: number, opts: ProgramOptions = {}): Program {
  const split = opts.splitK === false ? given : splitWeightGradients(given, batch, opts.splitChoice);
  const t = opts.colsGrad === false ? split : colsDataGradients(split, batch);
  const g = t.graph;
  if (g.train?.settings.clip_norm != null) throw new Error("clip_norm is not supported on WebGPU yet: remove it or train with the reference backend");
  const buffers = new Buffers();
  const layout = layoutParams(g, new Set(t.gradients.keys()), PROGRAM_ALIGN / 4);
  const hyper = optimizerHyper(g.train!.optimizer);
  const paramBuffer = buffers.add("parameters", layout.totalLength * 4);
  const gradBuffer = buffers.add("gradients", layout.trainedLength * 4);
  const params = paramsOf(g, layout.slots, paramBuffer);
  const byName = new Map(params.map((p) => [p.name, p.range]));
  // A trained parameter's gradient node writes straight into its slot of the gradient buffer.
  const gradRanges = new Map<number, ProgramRange>();
  for (const [name, node] of t.gradients) {
    const s = layout.slots.get(name)!;
    gradRanges.set(node, { buffer: gradBuffer, offset: s.offset * 4, size: s.size * 4 });
  }
  const arena = buffers.add("activations", 0);
  const keep = new Set([t.loss, ...t.losses.map((l) => l.node), ...g.outputs.map((o) => o.node)]);
  // The outputs the losses read stay readable too (accuracy from the logits).
  const fwdOutputs = new Map<string, number>();
  for (const l of t.losses) fwdOutputs.set(l.spec.output, g.nodes[l.node]!.inputs[0]!);
  for (const id of fwdOutputs.values()) keep.add(id);
  // Gradients are written to the gradient buffer, so they stay materialized too.
  const planned = planKernels(g, batch, opts, new Set([...keep, ...gradRanges.keys()]), bnInputs(g));
  const { memory, ranges } = valueRanges(g, batch, arena, new Set(gradRanges.keys()), keep, planned.part);
  buffers.list[arena]!.bytes = Math.max(4, memory.arenaBytes);
  const value = (id: number) => gradRanges.get(id) ?? ranges.get(id)!;
  const kernels = graphKernels(g, batch, planned, value, (p) => byName.get(p)!);

  const opt = emitOptimizer(hyper, layout.trainedLength, layout.decayedLength, MAX_WORKGROUPS);
  const state = buffers.add("optimizer state", Math.max(1, opt.layout.fields.length) * layout.trainedLength * 4);
  const stepBuffer = buffers.add("step values", STEP_BUFFER_BYTES);
  const step: ProgramRange = { buffer: stepBuffer, offset: 0, size: STEP_BUFFER_BYTES };
  const trained: ProgramRange = { buffer: paramBuffer, offset: 0, size: Math.max(4, layout.trainedLength * 4) };
  const grads: ProgramRange = { buffer: gradBuffer, offset: 0, size: Math.max(4, layout.trainedLength * 4) };
  const optimizerRanges: Record<OptimizerBinding, ProgramRange> = { params: trained, grads, state: { buffer: state, offset: 0, size: buffers.list[state]!.bytes }, step };
  const optimizerKernel: ProgramKernel = {
    label: "optimizer",
    nodes: [],
    code: `// ${hyper.kind} over ${layout.trainedLength} parameter floats\n${opt.code}`,
    dispatch: opt.dispatch,
    bindings: opt.layout.bindings.map((role) => optimizerRanges[role]),
  };
  const labels = new Set(t.labels.values());
  const lossNames = headNames(t.losses.map((l) => l.spec));
  return {
    format: "dlc-program",
    version: 1,
    network: g.name.replace(/\.train$/, ""),
    mode: "train",
    batch,
    buffers: buffers.list,
    inputs: [...g.inputs.filter((id) => !labels.has(id)), ...g.inputs.filter((id) => labels.has(id))].map((id) => tensorAt(g, id, g.nodes[id]!.name, value(id), batch)),
    outputs: [...fwdOutputs].map(([name, id]) => tensorAt(g, id, name, value(id), batch)),
    params,
    kernels,
    losses: t.losses.map((l, i) => tensorAt(g, l.node, lossNames[i]!, value(l.node), batch)),
    loss: tensorAt(g, t.loss, "loss", value(t.loss), batch),
    optimizer: { hyper, step, kernel: optimizerKernel },
    memory: { arenaBytes: memory.arenaBytes, lowerBoundBytes: memory.lowerBoundBytes, naiveBytes: memory.naiveBytes },
  };
}
