// Which values carry the batch dimension at run time, from each op's
// `batched` fact (ops/contract.ts): "always", "never" (weight gradients,
// losses) or "if-any-input" (add: a shared weight's gradient sum has none).
// Decided once, when a node is built (compiler/elaborate/builder.ts), and
// kept on the node (Node.batched): one rule for the executors, the memory
// plan and the codegen.

import type { Graph } from "../../core/ir/graph.js";
import type { Batched } from "../../ops/contract.js";

/**
 * Whether a node of an op with this fact carries the batch dimension, given
 * whether its inputs do. An op the registry does not know (a test's
 * stand-in kernel) keeps the default, "always"; "if-any-input" with no
 * inputs at all has nothing to inherit from: batched.
 */
export function batchedFrom(rule: Batched | undefined, inputsBatched: readonly boolean[]): boolean {
  const r = rule ?? "always";
  return r === "always" || (r === "if-any-input" && (inputsBatched.length === 0 || inputsBatched.some((b) => b)));
}

export function batchedValues(g: Graph): readonly boolean[] {
  return g.nodes.map((n) => n.batched);
}

export function isBatched(g: Graph, id: number): boolean {
  return g.nodes[id]!.batched;
}
