// Replaces some nodes of a training graph by short chains of new nodes (the
// GPU program's rewrites: split-K, column data gradients), renumbering the
// rest and every id the training graph keeps (losses, gradients, labels,
// outputs), so that each rewrite states only what a node becomes.

import type { Graph, Node } from "../../core/ir/graph.js";
import type { TrainingGraph } from "./autodiff.js";
import { lookupOp } from "../../ops/registry.js";
import { batchedFrom } from "./batched.js";

/** A node to add: everything but its id and batchedness (its op's rule decides); `inputs` are ids in the new graph. */
export type NewNode = Omit<Node, "id" | "batched">;

/**
 * `expand(n, inputs)` returns undefined to keep node n (with its inputs
 * renumbered to `inputs`), or the nodes that replace it, in order, each
 * reading the earlier ones by `at(k)` (the new id of the k-th) or the
 * graph's values by the given `inputs`; the last one takes n's place.
 * Returns `t` itself when nothing is replaced.
 */
export function expandNodes(
  t: TrainingGraph,
  expand: (n: Node, inputs: readonly number[], at: (k: number) => number) => readonly NewNode[] | undefined,
): TrainingGraph {
  const g = t.graph;
  const nodes: Node[] = [];
  const id = new Array<number>(g.nodes.length);
  let changed = false;
  for (const n of g.nodes) {
    const inputs = n.inputs.map((i) => id[i]!);
    const first = nodes.length;
    const chain = expand(n, inputs, (k) => first + k);
    if (!chain) {
      id[n.id] = nodes.length;
      nodes.push({ ...n, id: nodes.length, inputs });
      continue;
    }
    changed = true;
    for (const m of chain) nodes.push({ ...m, id: nodes.length, batched: batchedFrom(lookupOp(m.op)?.batched, m.inputs.map((i) => nodes[i]!.batched)) });
    id[n.id] = nodes.length - 1;
  }
  if (!changed) return t;
  const at = (old: number) => id[old]!;
  const remap = <K>(m: ReadonlyMap<K, number>) => new Map([...m].map(([k, v]) => [k, at(v)]));
  const graph: Graph = { ...g, nodes, inputs: g.inputs.map(at), outputs: g.outputs.map((o) => ({ ...o, node: at(o.node) })) };
  return {
    graph,
    loss: at(t.loss),
    losses: t.losses.map((l) => ({ ...l, node: at(l.node) })),
    labels: remap(t.labels),
    gradients: remap(t.gradients),
    inputGradients: remap(t.inputGradients),
    forwardMap: t.forwardMap.map(at),
  };
}
