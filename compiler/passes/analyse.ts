// Cost analysis per node and in total: parameters (a shared weight counted
// once, at the node that declared it), MACs of conv and dense work, other
// FLOPs from every op's declared cost, receptive fields and memory.

import { elementCount, type Graph } from "../../core/ir/graph.js";
import { lookupOp } from "../../ops/registry.js";
import type { TrainingGraph } from "./autodiff.js";
import { estimateMemory, estimateTrainingMemory, type MemoryEstimate, type TrainingMemory } from "./memory.js";
import { receptiveFields, type ReceptiveField } from "./receptive_field.js";

export interface NodeCost {
  readonly params: number;
  readonly macs: number;
  /** 2 × MACs plus the op's other floating-point work. */
  readonly flops: number;
}

export interface Analysis {
  readonly nodes: readonly NodeCost[];
  readonly receptiveFields: readonly ReceptiveField[];
  readonly totals: {
    readonly params: number;
    readonly trainableParams: number;
    /** BN running statistics and other state, not counted as parameters. */
    readonly buffers: number;
    readonly macs: number;
    readonly flops: number;
  };
  readonly memory: MemoryEstimate;
}

/**
 * One node's cost. Needs only the nodes and parameters, so that an editor
 * can price the nodes of a network that has not elaborated whole.
 */
export function nodeCost(g: Pick<Graph, "nodes" | "params">, n: Graph["nodes"][number]): NodeCost {
  const op = lookupOp(n.op)!;
  const ctx = { inputs: n.inputs.map((i) => g.nodes[i]!.shape), attrs: n.attrs, opNamed: lookupOp };
  const c = op.cost(ctx, n.shape);
  let params = 0;
  for (const name of Object.values(n.params)) {
    const p = g.params.get(name)!;
    if (p.kind !== "buffer" && p.owner === n.name) params += elementCount(p.shape);
  }
  return { params, macs: c.macs, flops: 2 * c.macs + c.flops };
}

export function analyse(g: Graph, opts: { batch?: number } = {}): Analysis {
  const nodes = g.nodes.map((n) => nodeCost(g, n));
  let params = 0;
  let trainableParams = 0;
  let buffers = 0;
  for (const p of g.params.values()) {
    const n = elementCount(p.shape);
    if (p.kind === "buffer") buffers += n;
    else {
      params += n;
      if (p.trainable) trainableParams += n;
    }
  }
  const macs = nodes.reduce((a, n) => a + n.macs, 0);
  const flops = nodes.reduce((a, n) => a + n.flops, 0);
  const batch = opts.batch ?? (g.train?.settings.batch as number | undefined) ?? 1;
  return { nodes, receptiveFields: receptiveFields(g), totals: { params, trainableParams, buffers, macs, flops }, memory: estimateMemory(g, batch) };
}

export interface TrainingAnalysis {
  /** Per sample: the forward pass in training mode, the losses, the backward pass. */
  readonly forwardFlops: number;
  readonly backwardFlops: number;
  readonly macs: number;
  readonly flops: number;
  readonly nodes: number;
  readonly memory: TrainingMemory;
}

/** Costs of one training step, split at the first node that is not a forward copy. */
export function analyseTraining(t: TrainingGraph, forward: Graph, batch?: number): TrainingAnalysis {
  const g = t.graph;
  const firstBackward = t.forwardMap.reduce((a, b) => Math.max(a, b), -Infinity) + 1;
  let forwardFlops = 0;
  let backwardFlops = 0;
  let macs = 0;
  for (const n of g.nodes) {
    const op = lookupOp(n.op)!;
    const c = op.cost({ inputs: n.inputs.map((i) => g.nodes[i]!.shape), attrs: n.attrs, opNamed: lookupOp }, n.shape);
    const f = 2 * c.macs + c.flops;
    macs += c.macs;
    if (n.id < firstBackward) forwardFlops += f;
    else backwardFlops += f;
  }
  const b = batch ?? (forward.train?.settings.batch as number | undefined) ?? 1;
  return { forwardFlops, backwardFlops, macs, flops: forwardFlops + backwardFlops, nodes: g.nodes.length, memory: estimateTrainingMemory(t, b) };
}
