// The training picture (`dlc graph --train`): the training graph of
// compiler/pipeline.ts (forward in training mode, labels, losses, their
// weighted total, the backward pass), with each backward node drawn in a
// backward copy of the blocks of the forward node it differentiates, and
// the kernels that fusion merged marked: every node of a kernel that
// computes several nodes carries the kernel's number, and the edges inside
// it are drawn heavy in the kernel's colour.

import type { Graph } from "../../core/ir/graph.js";
import type { Analysis } from "../../compiler/passes/analyse.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { blockPath, ownerByPrefix } from "./blocks.js";
import { irNodes, lossDetail, nodeKey, outputBoxes, totalDetail, type KernelMark, type Place, type View, type ViewEdge, type ViewNode } from "./view.js";

/** A kernel of the compiled step as the Program lists it: the IR nodes it computes, by name. */
export interface KernelNodes {
  readonly nodes: readonly string[];
}

/** The last segment of a dotted name. */
const local = (name: string): string => name.slice(name.lastIndexOf(".") + 1);

/** Where each training node is drawn: its blocks, whether it is backward, its role, and for a gradient the name it shows. */
function placement(fwd: Graph, t: TrainingGraph): (id: number) => Place {
  const g = t.graph;
  const fwdNames = new Map(fwd.nodes.map((n) => [n.name, n.name]));
  // A parameter's gradient sum is named after the parameter: drawn with its owner.
  for (const p of fwd.params.values()) if (!fwdNames.has(p.name)) fwdNames.set(p.name, p.owner);
  const copies = new Map<number, number>();
  t.forwardMap.forEach((id, f) => copies.set(id, f));
  const labels = new Set(t.labels.values());
  const losses = new Set([t.loss, ...t.losses.map((l) => l.node)]);
  return (id) => {
    const n = g.nodes[id]!;
    const f = copies.get(id);
    if (f !== undefined) return { block: blockPath(fwd.nodes[f]!.name), backward: false };
    if (labels.has(id)) return { block: [], backward: false, role: "label" };
    if (losses.has(id)) return { block: [], backward: false, role: "loss" };
    if (n.name.startsWith("grad.")) {
      const owner = ownerByPrefix(n.name, fwdNames, "grad.");
      // The seed of a loss (grad.loss.NAME) has no forward node: it shows the loss's name.
      return owner === undefined ? { block: [], backward: true, shown: `∇${n.name.slice("grad.".length)}` } : { block: blockPath(owner), backward: true, shown: `∇${local(owner)}` };
    }
    // A training form's extra node (dropout's mask): beside its forward node.
    const owner = ownerByPrefix(n.name, fwdNames);
    return { block: owner === undefined ? [] : blockPath(owner), backward: false, ...(owner === undefined ? {} : { shown: `${local(owner)}.${local(n.name)}` }) };
  };
}

/** Each node's multi-node kernel: the first that computes it, and the others that recompute it. */
function kernelMarks(g: Graph, kernels: readonly KernelNodes[]): Map<number, KernelMark> {
  const idOf = new Map(g.nodes.map((n) => [n.name, n.id]));
  const found = new Map<number, { first: number; size: number; also: number[] }>();
  kernels.forEach((k, index) => {
    // Nodes the program's rewrites added (split-K partial sums) are not in this graph.
    const ids = k.nodes.map((name) => idOf.get(name)).filter((id): id is number => id !== undefined);
    if (ids.length < 2) return;
    for (const id of ids) {
      const f = found.get(id);
      if (f) f.also.push(index);
      else found.set(id, { first: index, size: ids.length, also: [] });
    }
  });
  return new Map([...found].map(([id, f]) => [id, { index: f.first, size: f.size, alsoIn: f.also }]));
}

/** The training picture; `kernels` (the compiled step's, in order) adds the fusion marks. */
export function trainingView(fwd: Graph, t: TrainingGraph, a: Analysis, kernels?: readonly KernelNodes[]): View {
  const g = t.graph;
  const marks = kernels ? kernelMarks(g, kernels) : new Map<number, KernelMark>();
  // The losses say what they compare and how they weigh, as in the forward picture.
  const details = new Map(t.losses.map((l) => [l.node, lossDetail(l.spec)]));
  if (t.losses.length > 1) details.set(t.loss, totalDetail(t.losses.map((l) => l.spec)));
  const nodes: ViewNode[] = irNodes(g, a, placement(fwd, t)).map((n, id) => {
    const k = marks.get(id);
    const detail = details.get(id);
    return { ...n, ...(k ? { kernel: k } : {}), ...(detail !== undefined ? { detail } : {}) };
  });
  // An edge inside one kernel is a value that never reaches memory: the fusion to see.
  const fused = g.nodes.flatMap((n) =>
    n.inputs.map((i): ViewEdge => {
      const from = marks.get(i);
      const to = marks.get(n.id);
      const e = { from: nodeKey(i), to: nodeKey(n.id), shape: g.nodes[i]!.shape };
      return from && to && from.index === to.index ? { ...e, fused: from.index } : e;
    }),
  );
  // The forward outputs the losses score: visible as outputs, as in the forward picture.
  const outs = outputBoxes(fwd, (id) => t.forwardMap[id]!);
  nodes.push(...outs.nodes);
  fused.push(...outs.edges);
  return { network: fwd.name, nodes, edges: fused, training: true };
}
