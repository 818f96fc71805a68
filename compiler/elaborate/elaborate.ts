// Declarations → graph IR for one network: picks the network, runs its body,
// attaches its training section, and warns about inputs and nodes that no
// output uses.

import { error, warning, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { didYouMean } from "../../core/diagnostics/suggest.js";
import type { Graph } from "../../core/ir/graph.js";
import { denseOnMapWarnings } from "./dense_rank.js";
import { Evaluator, type ElabTrace, type InputOverride } from "./evaluate.js";
import type { Declarations } from "./modules.js";
import { applyFreeze, elaborateTrain } from "./train.js";
import type { Value } from "./values.js";

export interface ElaborateOptions {
  /** Which network; default: the one named like the file, else the file's first. */
  readonly network?: string;
  readonly fileStem?: string;
  readonly inputs?: ReadonlyMap<string, InputOverride>;
  readonly args?: ReadonlyMap<string, Value>;
  /** Told which source made which nodes (an editor's hover); see ElabTrace. */
  readonly trace?: ElabTrace;
}

export interface ElaborateResult {
  readonly graph?: Graph;
  readonly diagnostics: readonly Diagnostic[];
}

export function pickNetwork(decls: Declarations, opts: ElaborateOptions): { name?: string; diagnostic?: Diagnostic } {
  if (opts.network !== undefined) {
    if (decls.networks.has(opts.network)) return { name: opts.network };
    const all = [...decls.networks.keys()];
    return { diagnostic: error(`no network named '${opts.network}'`, undefined, { expected: all.length ? all.join(", ") : "a file that declares a network", notes: didYouMean(opts.network, all) }) };
  }
  if (opts.fileStem && decls.mainNetworks.includes(opts.fileStem)) return { name: opts.fileStem };
  const first = decls.mainNetworks[0];
  if (first) return { name: first };
  return { diagnostic: error("the file declares no network", undefined, { expected: "network NAME { input …; output … }" }) };
}

export function elaborate(decls: Declarations, opts: ElaborateOptions = {}): ElaborateResult {
  const picked = pickNetwork(decls, opts);
  if (!picked.name) return { diagnostics: [picked.diagnostic!] };
  const decl = decls.networks.get(picked.name)!;
  for (const name of opts.args?.keys() ?? []) {
    if (!decl.params.some((p) => p.name.name === name)) {
      const known = decl.params.map((p) => p.name.name);
      return { diagnostics: [error(`network '${decl.name.name}' has no parameter '${name}'`, decl.name.span, { expected: known.length ? known.join(", ") : "no parameters", notes: didYouMean(name, known) })] };
    }
  }
  const ev = new Evaluator(decls, opts.inputs, opts.trace);
  ev.run(decl, opts.args ?? new Map());
  const diagnostics: Diagnostic[] = [...ev.diagnostics];
  for (const [name] of opts.inputs ?? []) {
    if (!ev.builder.nodes.some((n) => n.op === "input" && n.name === name)) {
      diagnostics.push(error(`--input names '${name}', but network '${decl.name.name}' has no such input`, undefined, { expected: ev.builder.inputs.map((i) => ev.builder.nodes[i]!.name).join(", ") || "an input name" }));
    }
  }
  if (ev.outputs.length === 0 && !diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push(error(`network '${decl.name.name}' has no output`, decl.name.span, { expected: "output NAME = …" }));
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const graph = ev.builder.finish(decl.name.name, ev.outputs, decl.span);
  for (const d of reachabilityWarnings(graph)) diagnostics.push(d);
  for (const d of denseOnMapWarnings(graph)) diagnostics.push(d);

  for (const t of decls.trains) {
    if (!decls.networks.has(t.network.name)) {
      diagnostics.push(error(`train section names network '${t.network.name}', which is not declared`, t.network.span, { expected: [...decls.networks.keys()].join(", "), notes: didYouMean(t.network.name, decls.networks.keys()) }));
    }
  }
  const trains = decls.trains.filter((t) => t.network.name === graph.name);
  if (trains.length > 1) diagnostics.push(error(`network '${graph.name}' has ${trains.length} training sections`, trains[1]!.span, { expected: "one training section per network" }));
  if (trains[0]) {
    const r = elaborateTrain(trains[0], graph, (e) => ev.constant(e));
    for (const d of r.diagnostics) diagnostics.push(d);
    if (r.spec) {
      graph.train = r.spec;
      applyFreeze(graph, r.spec.frozen);
    }
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { graph, diagnostics };
}

/** Inputs that no output reads, and nodes whose value reaches no output. */
// Loops, not push(...list), here and below: a spread of a graph-sized array overflows the stack.
function reachabilityWarnings(g: Graph): Diagnostic[] {
  const live = new Set<number>();
  const stack = g.outputs.map((o) => o.node);
  while (stack.length) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    for (const i of g.nodes[id]!.inputs) stack.push(i);
  }
  const used = new Set<number>();
  for (const n of g.nodes) for (const i of n.inputs) used.add(i);
  const out: Diagnostic[] = [];
  for (const n of g.nodes) {
    if (live.has(n.id)) continue;
    if (n.op === "input") out.push(warning(`input '${n.name}' is not used by any output`, n.span, { expected: "an output that depends on it, or no such input" }));
    // Report only the ends of dead chains: their ancestors are dead because of them.
    else if (!used.has(n.id)) out.push(warning(`'${n.name}' (${n.op}) does not reach any output`, n.span, { expected: "an output that uses it, or removing it" }));
  }
  return out;
}
