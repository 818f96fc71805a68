// `dlc export FILE --to pytorch -o DIR`: checks the network (and its
// training section), and with --weights the checkpoint against it, renders
// DIR/NAME.py (./source.ts) and DIR/NAME.safetensors (the checkpoint's
// parameters and BN buffers, without its optimizer state), then writes both
// together (./write_files.ts). Everything is checked and rendered before
// anything is written, so bad input leaves DIR as it was. Exit 0; 1 on
// errors in the network, the checkpoint or the output folder.

import { statSync } from "node:fs";
import { join } from "node:path";
import { checkFile } from "../../../compiler/pipeline.js";
import { escapeControl } from "../../../core/diagnostics/printable.js";
import { fsReason } from "../../../core/io/fs_reason.js";
import { makeFolder } from "../../../core/io/make_folder.js";
import { FileWriteError } from "../../../core/io/write_file_atomic.js";
import type { Diagnostic } from "../../../core/diagnostics/diagnostic.js";
import type { Graph } from "../../../core/ir/graph.js";
import { CheckpointError, loadCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { encodeSafetensors, type SafeTensor } from "../../../runtime/checkpoint/safetensors.js";
import { fail, report } from "../../cli/output.js";
import { ExportBug } from "./module.js";
import { pytorchSource } from "./source.js";
import { writeFilesTogether, type OutFile } from "./write_files.js";

export interface PytorchExportOptions {
  readonly out: string;
  readonly net?: string;
  readonly input: ReadonlyMap<string, readonly number[]>;
  readonly param: ReadonlyMap<string, number | boolean | string>;
  readonly weights?: string;
  readonly allowImport: readonly string[];
  /** dlc's version and the command line, for the file's header. */
  readonly version: string;
  readonly command: string;
}

class OutError extends Error {}

/** DIR exists as a folder afterwards, or an OutError says why it cannot. */
function ensureFolder(dir: string): void {
  try {
    makeFolder(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR") throw new OutError(`cannot use '${dir}' as the output folder: it, or a folder above it, is a file`);
    if (code === undefined) throw e;
    throw new OutError(`cannot create the output folder '${dir}': ${fsReason(e)}`);
  }
  if (!statSync(dir).isDirectory()) throw new OutError(`cannot use '${dir}' as the output folder: it is not a folder`);
}

/** The checkpoint's network tensors as float32 safetensors bytes (no optimizer state), checked against the graph. */
function weightsFile(path: string, g: Graph): Uint8Array {
  const ckpt = loadCheckpoint(path, g);
  const tensors = new Map<string, SafeTensor>();
  for (const [name, info] of g.params) tensors.set(name, { dtype: "F32", shape: [...info.shape], data: Float32Array.from(ckpt.params.get(name)!) });
  return encodeSafetensors(tensors, { format: "pt", "dlc.checkpoint": "1", "dlc.graph": g.name, "dlc.param_dtype": "F32" });
}

export interface PytorchFiles {
  readonly diagnostics: readonly Diagnostic[];
  /** The network, when it checks. */
  readonly graph?: Graph;
  /** DIR/NAME.py and, with weights, DIR/NAME.safetensors: rendered, not yet written. */
  readonly files: readonly OutFile[];
}

/**
 * What `dlc export --to pytorch` writes for `file`, rendered but not written:
 * no files when the network has errors. A checkpoint that does not fit the
 * network throws its CheckpointError.
 */
export function exportPytorchFiles(
  file: string,
  o: { readonly out: string; readonly net?: string; readonly inputs?: ReadonlyMap<string, readonly number[]>; readonly params?: ReadonlyMap<string, number | boolean | string>; readonly weights?: string; readonly allowImports?: readonly string[]; readonly version?: string; readonly command?: string },
): PytorchFiles {
  const r = checkFile(file, { network: o.net, inputs: o.inputs, params: o.params, allowImports: o.allowImports, train: "auto" });
  if (!r.graph || r.diagnostics.some((d) => d.severity === "error")) return { diagnostics: r.diagnostics, files: [] };
  const g = r.graph;
  const source = pytorchSource(g, { version: o.version ?? "", command: escapeControl(o.command ?? `dlc export ${file} --to pytorch -o ${o.out}`) });
  const files: OutFile[] = [{ path: join(o.out, `${g.name}.py`), bytes: new TextEncoder().encode(source) }];
  if (o.weights !== undefined) files.push({ path: join(o.out, `${g.name}.safetensors`), bytes: weightsFile(o.weights, g) });
  return { diagnostics: r.diagnostics, graph: g, files };
}

export function exportPytorch(file: string, o: PytorchExportOptions): number {
  try {
    const r = exportPytorchFiles(file, { ...o, inputs: o.input, params: o.param, allowImports: o.allowImport });
    report(r.diagnostics);
    if (!r.graph) return 1;
    ensureFolder(o.out);
    writeFilesTogether(r.files);
    for (const f of r.files) process.stdout.write(`${escapeControl(f.path)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CheckpointError || e instanceof FileWriteError || e instanceof OutError) return fail(e.message, 1);
    if (e instanceof ExportBug) throw new Error(`dlc export --to pytorch: ${e.message}`);
    throw e;
  }
}
