// Shape inference over the whole graph, in topological order, with each
// op's own rule. The elaborator already ran these rules node by node; this
// pass re-derives every shape so that a pass which rewrites the graph
// cannot leave a stale one behind.

import { error, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { formatShape, type Graph } from "../../core/ir/graph.js";
import { OpError } from "../../ops/contract.js";
import { lookupOp } from "../../ops/registry.js";

export function inferShapes(g: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const n of g.nodes) {
    const op = lookupOp(n.op)!;
    try {
      const shape = op.inferShape({ inputs: n.inputs.map((i) => g.nodes[i]!.shape), attrs: n.attrs, opNamed: lookupOp });
      n.shape = shape;
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      out.push(error(`${n.op} '${n.name}': ${e.message}`, n.span, { expected: e.expected }));
      return out;
    }
  }
  return out;
}

/** True when every node's shape equals what its rule gives now. */
export function shapesAgree(g: Graph): string[] {
  const wrong: string[] = [];
  for (const n of g.nodes) {
    const s = lookupOp(n.op)!.inferShape({ inputs: n.inputs.map((i) => g.nodes[i]!.shape), attrs: n.attrs, opNamed: lookupOp });
    if (s.join() !== n.shape.join()) wrong.push(`${n.name}: ${formatShape(n.shape)} vs ${formatShape(s)}`);
  }
  return wrong;
}
