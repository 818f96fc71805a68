// `dlc import-weights FILE --from SRC -o CKPT`: checks the network, imports
// the weights (./import_weights.ts) and prints what went where: a table of
// source name, shape and dlc parameter (stdout), then notes and a summary
// (stderr). Exit 0; 1 on any problem with the network, the source, the map
// or the output, with nothing written; usage errors are commander's (2).

import { checkFile } from "../../../compiler/pipeline.js";
import { CheckpointError } from "../../../runtime/checkpoint/checkpoint.js";
import { cut, escapeControl, quoted } from "../../../core/diagnostics/printable.js";
import { compactTable } from "../../cli/table.js";
import { fail, notice, report } from "../../cli/output.js";
import { importWeights } from "./import_weights.js";
import type { Matching } from "./match.js";
import { ImportError } from "./source.js";

export interface ImportCliOptions {
  from: string;
  out: string;
  map?: string;
  net?: string;
  param: Map<string, number | boolean | string>;
  allowImport: string[];
}

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/** The mapping table: one row per parameter, in the network's order. */
export function mappingTable(m: Matching): string {
  const rows = [["source tensor", "shape", "dlc parameter", "by"]];
  for (const p of m.pairs) rows.push([quoted(p.source.name), fmt(p.source.shape), p.param.name, p.how]);
  for (const s of m.skipped) if (s.why !== "num_batches_tracked") rows.push([quoted(s.source.name), fmt(s.source.shape), `(skipped: ${s.why})`, ""]);
  return compactTable(rows, ["left", "left", "left", "left"]);
}

export function runImportWeights(file: string, o: ImportCliOptions): number {
  const r = checkFile(file, { network: o.net, params: o.param, allowImports: o.allowImport });
  report(r.diagnostics);
  if (!r.graph || r.diagnostics.some((d) => d.severity === "error")) return 1;
  const graph = r.graph;
  try {
    const { source, matching } = importWeights(graph, { from: o.from, out: o.out, map: o.map });
    process.stdout.write(`${mappingTable(matching)}\n`);
    for (const line of source.notes) process.stderr.write(`${escapeControl(line)}\n`);
    const counters = matching.skipped.filter((s) => s.why === "num_batches_tracked").length;
    if (counters > 0) notice("note", `${o.from}: ignored ${counters} PyTorch num_batches_tracked counters (dlc's batchnorm does not use them)`);
    const optimizer = matching.skipped.filter((s) => s.why === "optimizer state").length;
    if (optimizer > 0) notice("note", `${o.from}: left out ${optimizer} optimizer state tensors (only the weights are imported)`);
    const values = matching.pairs.reduce((n, p) => n + p.source.data.length, 0);
    const how = matching.mode === "order" ? "by graph order and shape" : matching.mode === "name" ? "by name" : "by --map";
    process.stderr.write(`wrote ${escapeControl(o.out)}: ${matching.pairs.length} tensors (${values.toLocaleString("en-US")} values) of network '${graph.name}', matched ${how}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ImportError || e instanceof CheckpointError) return fail(cut(e.message, 16 * 1024), 1);
    throw e;
  }
}
