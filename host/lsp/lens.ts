// A code lens over each network of the file: its totals as `dlc summary`
// counts them (parameters, MACs, FLOPs) and its outputs' shapes. The network
// `dlc check` builds comes from the document's check; any other network of
// the file is built on demand (without its training step), at most
// MAX_BUILT per version of the document.

import type { CodeLens } from "vscode-languageserver";
import { formatShape } from "../../core/ir/graph.js";
import type { CompileResult } from "../../compiler/pipeline.js";
import { si, thousands } from "../cli/format.js";
import type { Checked } from "./check.js";
import { spanRange } from "./positions.js";

/** Networks besides the checked one built per version; the rest say so. */
export const MAX_BUILT = 8;

/** Builds network `name` of the checked text (cached by the caller). */
export type BuildNetwork = (name: string) => CompileResult;

export function lensesFor(c: Checked, build: BuildNetwork): CodeLens[] {
  const lenses: CodeLens[] = [];
  let built = 0;
  for (const d of c.program?.decls ?? []) {
    if (d.kind !== "network") continue;
    const name = d.name.name;
    let r: CompileResult | undefined = c.result.graph?.name === name ? c.result : undefined;
    if (!r && built < MAX_BUILT) {
      built++;
      r = build(name);
    }
    lenses.push({ range: spanRange(d.name.span), command: { title: r ? lensTitle(r) : "dlc: not counted (too many networks in one file)", command: "" } });
  }
  return lenses;
}

export function lensTitle(r: CompileResult): string {
  const g = r.graph;
  const a = r.analysis;
  if (!g || !a) {
    const first = r.diagnostics.find((d) => d.severity === "error");
    return `dlc: not built${first ? `: ${first.message}` : ""}`;
  }
  const outs = g.outputs.map((o) => `${o.name} ${formatShape(g.nodes[o.node]!.shape)}`).join(", ");
  return `params ${thousands(a.totals.params)} · MACs ${si(a.totals.macs)} · FLOPs ${si(a.totals.flops)} · ${outs}`;
}
