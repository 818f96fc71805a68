// The actions of `dlc check`, `dlc summary` and `dlc ir`, loaded by main.ts
// only when one of them runs: they need the parser and the passes, but no
// WebGPU, code generation or training.

import { basename } from "node:path";
import { printGraph } from "../../core/ir/print.js";
import { checkFile } from "../../compiler/pipeline.js";
import { escapeControl } from "../../core/diagnostics/printable.js";
import { report } from "./output.js";
import { summaryJson, summaryText, trainingText } from "./report.js";

export interface NetOpts {
  net?: string;
  train?: boolean;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  json?: boolean;
  allowImport: string[];
  /** summary: fold blocks nested deeper than this into one row each. */
  depth?: number;
}

function compileFor(file: string, o: NetOpts) {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, batch: o.batch, train: o.train, allowImports: o.allowImport });
  report(r.diagnostics);
  return r;
}

export function runCheck(files: readonly string[], o: { net?: string; allowImport: string[] }): number {
  let failed = false;
  for (const f of files) {
    // A training section is checked through to its backward graph.
    const r = checkFile(f, { network: o.net, allowLibrary: true, train: "auto", allowImports: o.allowImport });
    report(r.diagnostics);
    if ((!r.graph && !r.library) || r.diagnostics.some((d) => d.severity === "error")) failed = true;
  }
  // File names come from the command line and may hold control characters.
  if (!failed) process.stderr.write(`ok: ${files.map((f) => escapeControl(basename(f))).join(", ")}\n`);
  return failed ? 1 : 0;
}

export async function runSummary(file: string, o: NetOpts): Promise<number> {
  const r = compileFor(file, o);
  if (!r.graph || !r.analysis || (o.train && !r.trainingAnalysis)) return 1;
  // Code generation is loaded only for --train, the one place it is needed.
  const step = r.training && r.trainingAnalysis ? (await import("./compiled_step.js")).compiledStep(r.training, r.trainingAnalysis.memory.batch) : undefined;
  // Loaded only for --depth, so that the plain summary loads what it did before.
  const folded = o.depth === undefined ? undefined : await import("./summary_depth.js");
  const rows = folded && o.depth !== undefined ? folded.foldedRows(r.graph, r.analysis, o.depth) : undefined;
  if (o.json) {
    const json = {
      ...summaryJson(r.graph, r.analysis),
      ...(rows ? { folded: { depth: o.depth, rows } } : {}),
      ...(r.trainingAnalysis ? { training: { ...r.trainingAnalysis, ...(step ? { compiled: step } : {}) } } : {}),
    };
    process.stdout.write(JSON.stringify(json, null, 2) + "\n");
  } else {
    process.stdout.write(summaryText(r.graph, r.analysis, folded && rows ? folded.foldedTable(rows) : undefined) + (r.trainingAnalysis ? trainingText(r.trainingAnalysis, step) : ""));
  }
  return 0;
}

export function runIr(file: string, o: NetOpts): number {
  const r = compileFor(file, o);
  if (!r.graph || (o.train && !r.training)) return 1;
  process.stdout.write(printGraph(r.training ? r.training.graph : r.graph));
  return 0;
}
