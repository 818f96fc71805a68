// Shared set-up of the import-weights tests: PyTorch's own files made by
// torch_fixture.py (python3 with torch and torchvision, which the test
// machine must have: scripts/install-test-deps.sh installs them; a missing
// one fails the tests with that command, it never skips them), .npy files
// read back by hand, and dlc's float64 reference forward on an imported
// checkpoint, read the way `dlc eval --weights` reads it.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkFile } from "../../../compiler/pipeline.js";
import { loadCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { execute } from "../../../reference/executor.js";
import type { Tensor } from "../../../core/tensor/tensor.js";
import { vi } from "vitest";
import { runImportWeights, type ImportCliOptions } from "../../../host/interop/import_weights/command.js";
import { pythonWith } from "../../helpers/python.js";

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURE_SCRIPT = join(here, "torch_fixture.py");
export const INSTALL = "scripts/install-test-deps.sh (Debian: sudo apt-get install python3-torch python3-torchvision)";

/** A Python that imports torch, torchvision and numpy (host/python.ts's rule, as dlc itself); throws with the install command when none does. */
export function torchPython(): string {
  return pythonWith(["torch", "torchvision", "numpy"], "the import-weights tests need python3 with torch, torchvision and numpy", INSTALL);
}

/** Runs torch_fixture.py into `dir`; throws, with the install command, when python3, torch or torchvision is missing. */
export function makeTorchFixtures(dir: string, size: number, what: "all" | "small"): { torch: string; torchvision: string } {
  const r = spawnSync(torchPython(), [FIXTURE_SCRIPT, dir, String(size), what], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error(`${FIXTURE_SCRIPT} failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { torch: string; torchvision: string };
}

/** A little-endian float32 or float64 .npy file in C order, read from its spec. */
export function readNpy(path: string): { shape: number[]; data: Float64Array } {
  const b = readFileSync(path);
  if (b.toString("latin1", 1, 6) !== "NUMPY") throw new Error(`${path}: not a .npy file`);
  const major = b[6]!;
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString("latin1", start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1]!;
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1]!.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const count = shape.reduce((a, d) => a * d, 1);
  const data = new Float64Array(count);
  const at = start + hlen;
  for (let i = 0; i < count; i++) {
    if (descr === "<f4") data[i] = b.readFloatLE(at + 4 * i);
    else if (descr === "<f8") data[i] = b.readDoubleLE(at + 8 * i);
    else throw new Error(`${path}: dtype ${descr}`);
  }
  return { shape, data };
}

/** The network's first output on `x` in eval mode, on dlc's float64 reference executor, with the weights of checkpoint `ckpt`. */
export function referenceForward(netFile: string, ckpt: string, x: { shape: number[]; data: Float64Array }, network?: string): Float64Array {
  const r = checkFile(netFile, { network, inputs: new Map([["image", x.shape.slice(1)]]) });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const graph = r.graph;
  const { params } = loadCheckpoint(ckpt, graph, { onNotice: () => {} });
  const tensors = new Map<string, Tensor>();
  for (const [name, v] of params) tensors.set(name, { shape: [...graph.params.get(name)!.shape], data: Float64Array.from(v) });
  const feeds = new Map<string, Tensor>([["image", { shape: x.shape, data: x.data }]]);
  const { values } = execute(graph, { feeds, params: tensors, batch: x.shape[0]!, precision: "f64", step: 0 });
  return Float64Array.from(values[graph.outputs[0]!.node]!.data);
}

/** max |a − b| / max |b|: the error relative to the output's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/** The rows of a table `dlc import-weights` printed: [source, shape, dlc parameter, by]. */
export function tableRows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("│"))
    .map((l) => l.split("│").slice(1, -1).map((c) => c.trim()));
}

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `dlc import-weights NET --from FROM -o OUT ...` in this process, through
 * runImportWeights (what the CLI's action calls), with stdout and stderr
 * captured: a process start costs seconds on a loaded machine.
 */
export function importInProcess(net: string, o: Omit<ImportCliOptions, "param" | "allowImport"> & Partial<ImportCliOptions>): Captured {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = runImportWeights(net, { param: new Map(), allowImport: [], ...o });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
