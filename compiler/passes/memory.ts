// Memory estimates. Inference: the peak of live activations per sample when
// nodes run in graph order and each value is freed after its last reader.
// Training, per step of `batch` samples: every activation kept for the
// backward pass plus the largest gradient in flight, then the weights,
// their gradients and the optimizer's state.

import { bytesOf, elementCount, type Graph } from "../../core/ir/graph.js";
import { optimizerStateLayout, stateFields } from "../../core/optim/state_layout.js";
import type { TrainingGraph } from "./autodiff.js";
import { graphValues, planMemory } from "./plan_memory.js";

export interface MemoryEstimate {
  /** Peak live activation bytes per sample, inference. */
  readonly activationBytes: number;
  /** Sum of every activation per sample (what an unplanned executor holds). */
  readonly activationSumBytes: number;
  readonly paramBytes: number;
  readonly trainingBytes: number;
  readonly batch: number;
  /** Optimizer state tensors per trainable parameter (momentum 1, Adam 2). */
  readonly optimizerSlots: number;
}

/** Bytes per float of the parameters, their gradients and the optimizer state (float32 on the device). */
export const PARAM_FLOAT_BYTES = bytesOf("f32");

/**
 * Optimizer state floats per trained float: the planes of its state layout
 * (core/optim/state_layout.ts). Without a training section, SGD with
 * momentum is assumed. Read from the attributes as given, so that a graph
 * whose optimizer was rejected (a missing lr) is still estimated.
 */
export function optimizerSlots(g: Graph): number {
  const opt = g.train?.optimizer;
  if (!opt) return stateFields("sgd").length;
  if (opt.kind === "adam" || opt.kind === "adamw") return optimizerStateLayout({ kind: opt.kind }).fields.length;
  const momentum = opt.attrs.momentum;
  return optimizerStateLayout({ kind: "sgd", momentum: typeof momentum === "number" ? momentum : 0 }).fields.length;
}

/** Bytes of every parameter (buffers included), and of those that train. */
function paramBytesOf(g: Graph): { paramBytes: number; trainable: number } {
  let paramBytes = 0;
  let trainable = 0;
  for (const p of g.params.values()) {
    const b = elementCount(p.shape) * PARAM_FLOAT_BYTES;
    paramBytes += b;
    if (p.trainable) trainable += b;
  }
  return { paramBytes, trainable };
}

export function estimateMemory(g: Graph, batch = 1): MemoryEstimate {
  const size = g.nodes.map((n) => elementCount(n.shape) * bytesOf(n.dtype));
  const lastUse = g.nodes.map((n) => n.id);
  for (const n of g.nodes) for (const i of n.inputs) lastUse[i] = Math.max(lastUse[i]!, n.id);
  const outputs = new Set(g.outputs.map((o) => o.node));
  let live = 0;
  let peak = 0;
  const freeAt = new Map<number, number[]>();
  g.nodes.forEach((n, id) => {
    live += size[id]!;
    peak = Math.max(peak, live);
    for (const dead of freeAt.get(id) ?? []) live -= size[dead]!;
    if (!outputs.has(id)) {
      const at = lastUse[id]! === id ? id : lastUse[id]!;
      if (at === id) live -= size[id]!;
      else {
        const list = freeAt.get(at);
        if (list) list.push(id);
        else freeAt.set(at, [id]);
      }
    }
  });
  const sum = size.reduce((a, b) => a + b, 0);
  const { paramBytes, trainable } = paramBytesOf(g);
  const slots = optimizerSlots(g);
  // A loop, not Math.max(...size): spreading a graph-sized array overflows the stack.
  const largest = size.reduce((a, b) => Math.max(a, b), 0);
  const trainingBytes = batch * (sum + largest) + paramBytes + trainable * (1 + slots);
  return { activationBytes: peak, activationSumBytes: sum, paramBytes, trainingBytes, batch, optimizerSlots: slots };
}

export interface TrainingMemory {
  readonly batch: number;
  /** Every value of the step in a buffer of its own: what an unplanned executor needs. */
  readonly naiveValueBytes: number;
  /** The planned activation arena (plan_memory.ts): values sharing bytes where lifetimes allow. */
  readonly plannedBytes: number;
  /** Most bytes alive at once over the step: no plan can use less. */
  readonly lowerBoundBytes: number;
  /** Parameters and buffers, their gradients' final copies, and optimizer state. */
  readonly stateBytes: number;
  readonly totalBytes: number;
}

/** The training step's activations planned over their lifetimes (plan_memory.ts), and the state beside them. */
export function estimateTrainingMemory(t: TrainingGraph, batch: number): TrainingMemory {
  const g = t.graph;
  const keep = new Set<number>([t.loss, ...t.losses.map((l) => l.node), ...t.gradients.values()]);
  const { paramBytes, trainable } = paramBytesOf(g);
  const stateBytes = paramBytes + trainable * optimizerSlots(g);
  const plan = planMemory(graphValues(g, batch, new Set(), keep), 256);
  return { batch, naiveValueBytes: plan.naiveBytes, plannedBytes: plan.arenaBytes, lowerBoundBytes: plan.lowerBoundBytes, stateBytes, totalBytes: plan.arenaBytes + stateBytes };
}
