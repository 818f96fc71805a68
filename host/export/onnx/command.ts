// `dlc export FILE --to onnx -o NAME.onnx [--weights CKPT] [--batch N|dynamic]`:
// checks the network, the batch size and, with --weights, the checkpoint
// against the network; builds the ONNX model of its inference graph
// (./build.ts) with the weights embedded, encodes it, and only then writes
// the file, atomically (a temporary file renamed over NAME.onnx), so bad
// input leaves nothing behind and a reader never sees half a model.
// Without --weights the model holds dlc's initial weights (seed 0), and a
// note says so. Exit 0; 1 on errors in the network, the options, the
// checkpoint or the output path.

import { statSync } from "node:fs";
import { dirname } from "node:path";
import { checkFile } from "../../../compiler/pipeline.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { quoted } from "../../../core/diagnostics/printable.js";
import { fsReason } from "../../../core/io/fs_reason.js";
import { makeFolder } from "../../../core/io/make_folder.js";
import { FileWriteError, writeFileAtomic } from "../../../core/io/write_file_atomic.js";
import { elementCount, type Graph } from "../../../core/ir/graph.js";
import { CheckpointError, loadCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { fail, notice, report } from "../../cli/output.js";
import { encodeModel, MAX_ONNX_BYTES } from "../../onnx/proto.js";
import { buildOnnxModel, ONNX_OPSET, OnnxExportError, type ParamValues } from "./build.js";

export interface OnnxExportOptions {
  readonly out: string;
  readonly net?: string;
  readonly input: ReadonlyMap<string, readonly number[]>;
  readonly param: ReadonlyMap<string, number | boolean | string>;
  readonly weights?: string;
  /** --batch as given: a whole number ≥ 1 or "dynamic"; dynamic when not given. */
  readonly batch?: string;
  readonly allowImport: readonly string[];
  /** dlc's version, recorded as the model's producer version. */
  readonly version: string;
}

class OutError extends Error {}

/** --batch's value: a fixed size or "dynamic"; an OutError naming what is expected otherwise. */
export function parseOnnxBatch(v: string | undefined): number | "dynamic" {
  if (v === undefined || v === "dynamic") return "dynamic";
  if (/^[0-9]+$/.test(v) && Number.isSafeInteger(Number(v)) && Number(v) >= 1) return Number(v);
  throw new OutError(`--batch '${quoted(v)}' is not a batch size: expected a whole number ≥ 1 (fixed in the model) or 'dynamic' (a symbolic batch axis)`);
}

/** An OutError when OUT is a folder (checked before any work; nothing is created). */
function refuseFolder(out: string): void {
  let st;
  try {
    st = statSync(out);
  } catch {
    return;
  }
  if (st.isDirectory()) throw new OutError(`cannot write the model to '${quoted(out)}': it is a folder; -o names the .onnx file to write`);
}

/** The folder OUT goes in exists afterwards (made once the model is ready to write), or an OutError says why not. */
function makeOutFolder(out: string): void {
  const dir = dirname(out);
  try {
    makeFolder(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    if (code === "EEXIST" || code === "ENOTDIR") throw new OutError(`cannot write the model to '${quoted(out)}': '${quoted(dir)}', or a folder above it, is a file`);
    throw new OutError(`cannot create the folder '${quoted(dir)}' for the model: ${fsReason(e)}`);
  }
}

/** The weights to embed: the checkpoint's (checked against g), or dlc's initial ones. */
function weightsOf(g: Graph, path: string | undefined): ReadonlyMap<string, ParamValues> {
  if (path !== undefined) return loadCheckpoint(path, g).params;
  return new Map([...initParams(g, 0, "f32")].map(([k, t]) => [k, t.data]));
}

export function exportOnnx(file: string, o: OnnxExportOptions): number {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, allowImports: o.allowImport });
  report(r.diagnostics);
  if (!r.graph || r.diagnostics.some((d) => d.severity === "error")) return 1;
  const g = r.graph;
  try {
    const batch = parseOnnxBatch(o.batch);
    refuseFolder(o.out);
    // 4 bytes per float32 value: a model past protobuf's 2 GiB cannot be one .onnx file.
    const bytesNeeded = 4 * [...g.params.values()].reduce((s, p) => s + elementCount(p.shape), 0);
    if (bytesNeeded > MAX_ONNX_BYTES) throw new OutError(`network '${g.name}' has ${(bytesNeeded / 2 ** 30).toFixed(2)} GiB of float32 weights; one .onnx file holds at most 2 GiB`);
    const weights = weightsOf(g, o.weights);
    const bytes = encodeModel(buildOnnxModel(g, weights, { batch, producerVersion: o.version }));
    makeOutFolder(o.out);
    writeFileAtomic(o.out, bytes);
    if (o.weights === undefined) notice("note", `no --weights: '${quoted(o.out)}' holds dlc's initial weights (seed 0); give --weights CKPT to export trained ones`);
    process.stdout.write(`${quoted(o.out)}\n`);
    const params = [...g.params.values()].reduce((s, p) => s + elementCount(p.shape), 0);
    process.stderr.write(`exported ${g.name} to ONNX (opset ${ONNX_OPSET}, batch ${batch}, ${g.params.size} weight tensors of ${params.toLocaleString("en-US")} values embedded, ${(bytes.length / 2 ** 20).toFixed(1)} MiB)\n`);
    return 0;
  } catch (e) {
    if (e instanceof CheckpointError || e instanceof FileWriteError || e instanceof OutError || e instanceof OnnxExportError) return fail(e.message, 1);
    throw e;
  }
}
