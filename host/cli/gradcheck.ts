// `dlc gradcheck`: "check gradients numerically by finite differences" as
// one command. Builds the training graph (or, without a training section,
// a mean-squared error on every output), runs it on the float64 reference
// executor and compares every parameter's and input's gradient with
// central differences. Exit 0 within tolerance, 1 above it or on errors,
// among them a network too large for the float64 executor (refused before
// anything is allocated: reference/gradcheck.ts, MAX_GRADCHECK_BYTES).

import Table from "cli-table3";
import { checkFile } from "../../compiler/pipeline.js";
import { buildTrainingGraph } from "../../compiler/passes/autodiff.js";
import { gradcheck, GradcheckSizeError, syntheticTrainSpec } from "../../reference/gradcheck.js";
import { report } from "./output.js";

export interface GradcheckCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  seed: number;
  samples: number;
  tol: number;
  /** Folders imports may read besides the main file's own (--allow-import). */
  allowImports?: readonly string[];
}

export function runGradcheck(file: string, o: GradcheckCliOptions): number {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, allowImports: o.allowImports });
  report(r.diagnostics);
  if (!r.graph) return 1;
  const spec = r.graph.train ?? syntheticTrainSpec(r.graph);
  const t = buildTrainingGraph(r.graph, { train: spec, inputGradients: true });
  if (Array.isArray(t)) {
    report(t);
    return 1;
  }
  let result: ReturnType<typeof gradcheck>;
  try {
    result = gradcheck(t, { seed: o.seed, batch: o.batch ?? 2, samples: o.samples });
  } catch (e) {
    if (!(e instanceof GradcheckSizeError)) throw e;
    process.stderr.write(`error: ${file}: ${e.message}\n`);
    return 1;
  }
  const table = new Table({ head: ["tensor", "kind", "checked", "worst rel. error", "analytic", "numeric"], style: { head: [], border: [], compact: true } });
  let failed = 0;
  for (const c of result.tensors) {
    const bad = !(c.worst <= o.tol);
    if (bad) failed++;
    table.push([c.name, c.kind, `${c.checked}/${c.size}`, `${c.worst.toExponential(2)}${bad ? "  FAIL" : ""}`, c.analytic.toPrecision(6), c.numeric.toPrecision(6)]);
  }
  const source = r.graph.train ? "its training section" : "a mean-squared error on every output (no training section)";
  process.stdout.write(`gradcheck ${r.graph.name}: loss from ${source}, batch ${o.batch ?? 2}, seed ${o.seed}, float64, central differences\n`);
  process.stdout.write(table.toString() + "\n");
  process.stdout.write(failed ? `${failed} tensor(s) above the tolerance ${o.tol}\n` : `all ${result.tensors.length} tensors within ${o.tol}\n`);
  return failed ? 1 : 0;
}
