// Which values carry the batch dimension at run time. Every op's output
// does unless the op declares `batched: false` (weight gradients, losses);
// an `add` of values without it (a shared weight's gradient sum) has none
// either. One rule for the executors, the memory plan and the codegen.

import type { Graph } from "../../core/ir/graph.js";
import { lookupOp } from "../../ops/registry.js";

const cache = new WeakMap<Graph, boolean[]>();

export function batchedValues(g: Graph): readonly boolean[] {
  const hit = cache.get(g);
  if (hit && hit.length === g.nodes.length) return hit;
  const out: boolean[] = [];
  for (const n of g.nodes) {
    // An op the registry does not know (a test's stand-in kernel) keeps the default: batched.
    out[n.id] = lookupOp(n.op)?.batched !== false && !(n.op === "add" && n.inputs.length > 0 && n.inputs.every((i) => !out[i]));
  }
  cache.set(g, out);
  return out;
}

export function isBatched(g: Graph, id: number): boolean {
  return batchedValues(g)[id]!;
}
