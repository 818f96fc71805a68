// The IR verifier: the invariants every pass may rely on and must keep.
// Run after every pass in tests; any finding is a compiler bug or a
// hand-built graph that is not a DAG (a cycle is reported with its nodes).

import { error, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import type { Graph } from "../../core/ir/graph.js";
import { lookupOp } from "../../ops/registry.js";

/** A cycle through the nodes, by name, or undefined if the graph is acyclic. */
export function findCycle(g: Graph): string[] | undefined {
  const state = new Map<number, "open" | "done">();
  const path: number[] = [];
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const visit = (id: number): number[] | undefined => {
    const s = state.get(id);
    if (s === "done") return undefined;
    if (s === "open") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "open");
    path.push(id);
    for (const i of byId.get(id)?.inputs ?? []) {
      const c = visit(i);
      if (c) return c;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const n of g.nodes) {
    const c = visit(n.id);
    if (c) return c.map((id) => byId.get(id)?.name ?? `#${id}`);
  }
  return undefined;
}

export function verifyGraph(g: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (message: string, span = g.span) => out.push(error(`IR: ${message}`, span));
  const names = new Set<string>();
  const cycle = findCycle(g);
  if (cycle) {
    out.push(error(`cycle: ${cycle.join(" → ")}`, g.span, { expected: "an acyclic graph" }));
    return out;
  }
  g.nodes.forEach((n, index) => {
    if (n.id !== index) bad(`node '${n.name}' has id ${n.id} at position ${index}`, n.span);
    if (names.has(n.name)) bad(`two nodes are named '${n.name}'`, n.span);
    names.add(n.name);
    const op = lookupOp(n.op);
    if (!op) return bad(`node '${n.name}' has unknown op '${n.op}'`, n.span);
    const arity = op.arity;
    if (arity === "variadic" ? n.inputs.length < 2 : arity === "any" ? n.inputs.length < 1 : n.inputs.length !== arity) bad(`node '${n.name}' (${n.op}) has ${n.inputs.length} inputs`, n.span);
    for (const i of n.inputs) {
      if (i < 0 || i >= index) bad(`node '${n.name}' reads node #${i}, which does not come before it`, n.span);
    }
    for (const name of Object.keys(op.attrs)) {
      if (!(name in n.attrs)) bad(`node '${n.name}' lacks attribute '${name}'`, n.span);
    }
    for (const p of Object.values(n.params)) {
      if (!g.params.has(p)) bad(`node '${n.name}' uses undeclared parameter '${p}'`, n.span);
    }
    if (n.shape.some((d) => !Number.isInteger(d) || d < 1)) bad(`node '${n.name}' has invalid shape [${n.shape.join(", ")}]`, n.span);
  });
  for (const i of g.inputs) if (g.nodes[i]?.op !== "input") bad(`graph input #${i} is not an input node`);
  for (const o of g.outputs) if (!g.nodes[o.node]) bad(`output '${o.name}' names a missing node`, o.span);
  return out;
}
