// Which values carry the batch dimension at run time, from each op's
// `batched` fact (ops/contract.ts): "always", "never" (weight gradients,
// losses) or "if-any-input" (add: a shared weight's gradient sum has none).
// One rule for the executors, the memory plan and the codegen.

import type { Graph } from "../../core/ir/graph.js";
import { lookupOp } from "../../ops/registry.js";

const cache = new WeakMap<Graph, boolean[]>();

export function batchedValues(g: Graph): readonly boolean[] {
  const hit = cache.get(g);
  if (hit && hit.length === g.nodes.length) return hit;
  const out: boolean[] = [];
  for (const n of g.nodes) {
    // An op the registry does not know (a test's stand-in kernel) keeps the default: batched.
    const rule = lookupOp(n.op)?.batched ?? "always";
    // "if-any-input" with no inputs at all has nothing to inherit from: batched, as before.
    out[n.id] = rule === "always" || (rule === "if-any-input" && (n.inputs.length === 0 || n.inputs.some((i) => out[i])));
  }
  cache.set(g, out);
  return out;
}

export function isBatched(g: Graph, id: number): boolean {
  return batchedValues(g)[id]!;
}
