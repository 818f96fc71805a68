// `dlc run FILE --weights CKPT --input NAME=FILE.npy… -o DIR`: the network's
// raw outputs on given samples, in eval mode (bn with running statistics,
// dropout the identity), so that they can be compared with another
// framework's. Writes DIR/OUTPUT.npy for every output: float32, [N, ...the
// output's shape], each file atomically (a temporary file renamed into
// place), so a reader never sees half a file.
//
// Everything the user gave is checked before any work: the backend, the
// network, the checkpoint (every parameter and BN buffer, nothing else), the
// inputs (one per network input, shapes [N, ...]) and the output folder.
// Exit 0; 1 on errors in the network, checkpoint, inputs, device or file
// system (with the path and the reason); 2 on usage errors.

import { statSync } from "node:fs";
import { join } from "node:path";
import { CheckpointError, loadCheckpoint } from "../../runtime/checkpoint/checkpoint.js";
import { fsReason } from "../../core/io/fs_reason.js";
import { FileWriteError, writeFileAtomic } from "../../core/io/write_file_atomic.js";
import { DataError, encodeNpy } from "../data/npy.js";
import { cut, escapeControl, quoted } from "../../core/diagnostics/printable.js";
import { checkFile } from "../../compiler/pipeline.js";
import { makeFolder } from "../../core/io/make_folder.js";
import { fail, report } from "./output.js";
import { refuseUnknownBackend } from "./train_common.js";
import { readRunInputs, RunError } from "./run_inputs.js";

export interface RunCliOptions {
  weights: string;
  input: Map<string, string>;
  out: string;
  backend: string;
  batch: number;
  net?: string;
  param: Map<string, number | boolean | string>;
  allowImport: string[];
}

/** DIR exists as a folder afterwards, or a RunError says why it cannot. */
function ensureFolder(dir: string): void {
  try {
    makeFolder(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR") throw new RunError(`cannot use '${quoted(dir)}' for the outputs: it, or a folder above it, is a file`);
    if (code === undefined) throw e;
    throw new RunError(`cannot create the output folder '${quoted(dir)}': ${fsReason(e)}`);
  }
  if (!statSync(dir).isDirectory()) throw new RunError(`cannot use '${quoted(dir)}' for the outputs: it is not a folder`);
}

export async function runNetwork(file: string, o: RunCliOptions): Promise<number> {
  const badBackend = refuseUnknownBackend(o.backend);
  if (badBackend !== undefined) return badBackend;
  const r = checkFile(file, { network: o.net, params: o.param, allowImports: o.allowImport });
  report(r.diagnostics);
  if (!r.graph || r.diagnostics.some((d) => d.severity === "error")) return 1;
  const graph = r.graph;
  try {
    const weights = loadCheckpoint(o.weights, graph).params;
    const given = readRunInputs(graph, o.input);
    ensureFolder(o.out);
    const t0 = performance.now();
    const outputs =
      o.backend === "reference"
        ? (await import("./run_reference.js")).runReference(graph, weights, given, o.batch)
        : await (await import("./run_webgpu.js")).runWebGpu(graph, weights, given, o.batch);
    const seconds = (performance.now() - t0) / 1000;
    for (const out of graph.outputs) {
      const shape = [given.count, ...graph.nodes[out.node]!.shape];
      const path = join(o.out, `${out.name}.npy`);
      writeFileAtomic(path, encodeNpy(shape, outputs.get(out.name)!, "float32"));
      process.stdout.write(`${quoted(path)}  [${shape.join(", ")}] float32\n`);
    }
    process.stderr.write(`ran ${graph.name} on ${given.count} sample(s) with ${quoted(o.weights)} (${o.backend}, ${seconds.toFixed(2)} s)\n`);
    return 0;
  } catch (e) {
    if (e instanceof RunError || e instanceof DataError || e instanceof CheckpointError || e instanceof FileWriteError) return fail(cut(escapeControl(e.message), 8 * 1024), 1);
    throw e;
  }
}
