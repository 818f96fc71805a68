// A value's full shape at run time. Node.shape is per sample; a batched value
// (Node.batched, batched.ts) has the batch dimension in front of it, an unbatched one (a
// weight gradient, a loss) is its per-sample shape as it is. One rule for the
// lowering, fusion, programs and the reference executors.

import type { Graph, Shape } from "../../core/ir/graph.js";

/** Node `id`'s shape with `batch` samples. */
export function fullShape(g: Graph, id: number, batch: number): Shape {
  const n = g.nodes[id]!;
  return n.batched ? [batch, ...n.shape] : [...n.shape];
}

/** Every node's shape with `batch` samples, by node id. */
export function fullShapes(g: Graph, batch: number): Shape[] {
  return g.nodes.map((n) => fullShape(g, n.id, batch));
}
