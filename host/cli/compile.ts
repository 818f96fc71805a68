// `dlc compile FILE -o DIR`: writes NAME.js, NAME.d.ts, NAME.json and the
// kernels' WGSL into DIR, whole or not at all (compile_output.ts).
//
// The module's programs run a fixed batch: --batch, else the training
// section's batch, else 1.

import { basename, join } from "node:path";
import { buildModule, moduleFiles } from "../../compiler/codegen/module.js";
import { LoweringError } from "../../ops/lowering.js";
import { cut, escapeControl, quoted } from "../../core/diagnostics/printable.js";
import { decodeSource, MAX_SOURCE_BYTES } from "../../compiler/elaborate/modules.js";
import { checkFile } from "../../compiler/pipeline.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";
import { OutputError, writeOutputFolder } from "./compile_output.js";
import { fail, report } from "./output.js";

export interface CompileCliOptions {
  out: string;
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  train?: boolean;
  infer?: boolean;
  allowImports?: readonly string[];
}

export function runCompile(file: string, o: CompileCliOptions): number {
  if (o.train && o.infer) return fail("--train and --infer exclude each other", 2);
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(file, MAX_SOURCE_BYTES, "a .net source file");
  } catch (e) {
    if (e instanceof FileReadError) return fail(cut(escapeControl(e.message), 4 * 1024), 1);
    throw e;
  }
  const decoded = decodeSource(file, bytes);
  if (decoded.diagnostic) {
    report([decoded.diagnostic]);
    return 1;
  }
  const train = !o.infer;
  const r = checkFile(file, { text: decoded.text, network: o.net, inputs: o.input, params: o.param, batch: o.batch, train, allowImports: o.allowImports });
  report(r.diagnostics);
  if (!r.graph || r.diagnostics.some((d) => d.severity === "error")) return 1;
  const sectionBatch = r.graph.train?.settings.batch;
  const batch = o.batch ?? (typeof sectionBatch === "number" ? sectionBatch : 1);

  let files: Map<string, string>;
  let kernels: number;
  try {
    const manifest = buildModule(r.graph, { batch, train, source: basename(file) });
    files = moduleFiles(manifest, r.graph.name);
    kernels = Object.values(manifest.programs).reduce((n, p) => n + (p ? p.kernels.length : 0), 0);
  } catch (e) {
    if (e instanceof LoweringError) return fail(`${escapeControl(e.message)}: this network cannot be compiled for WebGPU yet`, 1);
    throw e;
  }
  try {
    writeOutputFolder(o.out, files, { network: r.graph.name, source: basename(file) });
  } catch (e) {
    if (e instanceof OutputError) return fail(e.message, 1);
    throw e;
  }
  process.stderr.write(`compiled ${r.graph.name} (batch ${batch}${train ? ", training" : ", inference only"}): ${kernels} kernels → ${quoted(join(o.out, `${r.graph.name}.js`))}\n`);
  return 0;
}
