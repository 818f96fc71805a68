// Reading a PyTorch state dict saved with torch.save (.pt, .pth). Only
// PyTorch reads its own files (a zip of pickles whose layout is PyTorch's
// internal business), so dlc runs its bundled helper, torch_state_dict.py,
// with Python 3 and torch: the helper loads the file (weights_only, so that
// the file runs no code) and writes its tensors, in the state dict's order,
// to a safetensors file in a temporary folder, which is read here and
// removed. The Python is DLC_PYTHON when set, else python3 on the PATH.
//
// The helper ships with the package: package.json's "files" lists it, and
// it is found beside this module when dlc runs from source, or in the
// package's host/interop/import_weights/ when it runs from dist/.

import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileReadError, openRegularFile } from "../../../core/io/read_regular_file.js";
import { pythonCandidates } from "../../python.js";
import { readSafetensorsSource } from "./safetensors_source.js";
import { ImportError, type WeightSource } from "./source.js";

const HELPER = "torch_state_dict.py";
/** Where the helper lies relative to the package root. */
const HELPER_IN_PACKAGE = join("host", "interop", "import_weights", HELPER);
const PREFIX = "dlc-torch-helper: ";
/** The helper's exit status when `import torch` fails. */
const NO_TORCH = 3;

/** How to get what the helper needs, for the messages. */
export const INSTALL_TORCH = "install Python 3 and PyTorch (Debian, Ubuntu: sudo apt-get install python3-torch; elsewhere: pip install torch), or point DLC_PYTHON at a Python that has torch";

/**
 * The helper's path: beside this module (source), else in the package root
 * above it (dist/host/interop/import_weights/ → the package's host/...).
 */
export function torchHelperPath(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  if (existsSync(join(here, HELPER))) return join(here, HELPER);
  let dir = here;
  for (let i = 0; i < 6; i++) {
    dir = dirname(dir);
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, HELPER_IN_PACKAGE))) return join(dir, HELPER_IN_PACKAGE);
  }
  throw new Error(`dlc's ${HELPER} was not found beside ${here} or in the package above it (is the installation complete?)`);
}

/** The helper's own messages ("dlc-torch-helper: …"), or the end of whatever else it printed. */
function helperMessage(stderr: string): string {
  const own = stderr.split("\n").filter((l) => l.startsWith(PREFIX)).map((l) => l.slice(PREFIX.length));
  if (own.length > 0) return own.join("; ");
  const tail = stderr.trim().split("\n").slice(-3).join(" | ");
  return tail === "" ? "no message" : tail;
}

/** Checks that `path` is a regular file of at most `maxBytes` bytes, without reading it. */
function checkFile(path: string, maxBytes: number, what: string): void {
  try {
    closeSync(openRegularFile(path, maxBytes, what).fd);
  } catch (e) {
    if (e instanceof FileReadError) throw new ImportError(e.message);
    throw e;
  }
}

/** Reads a PyTorch state dict of at most `maxBytes` bytes through the helper. */
export function readTorchSource(path: string, maxBytes: number, what: string): WeightSource {
  checkFile(path, maxBytes, what);
  const helper = torchHelperPath();
  const tmp = mkdtempSync(join(tmpdir(), "dlc-import-"));
  try {
    const out = join(tmp, "state_dict.safetensors");
    const needs = `reading ${path} (a PyTorch file) needs Python 3 with PyTorch`;
    // Why each interpreter tried could not run the helper: it is missing, or has no torch.
    const unusable: string[] = [];
    for (const python of pythonCandidates()) {
      const r = spawnSync(python, [helper, path, out], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 << 20 });
      if (r.error) {
        const code = (r.error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EACCES") {
          unusable.push(`'${python}' was not found`);
          continue;
        }
        throw new ImportError(`${needs}; running '${python}' failed: ${r.error.message}`);
      }
      if (r.status === NO_TORCH) {
        unusable.push(`'${python}' ${helperMessage(r.stderr)}`); // "cannot import torch (why)"
        continue;
      }
      if (r.status !== 0) {
        if (r.stderr.includes(PREFIX)) throw new ImportError(`${path}: ${helperMessage(r.stderr)}`);
        const how = r.signal ? `was killed by ${r.signal}` : `failed (exit ${r.status})`;
        throw new ImportError(`${path}: the PyTorch reader ${how}: ${helperMessage(r.stderr)}`);
      }
      const source = readSafetensorsSource(out, maxBytes, what, path);
      const notes = r.stdout.split("\n").filter((l) => l.startsWith("note: ")).map((l) => `note: ${path}: ${l.slice(6)}`);
      // The helper wrote the state dict's own order, whatever it looks like.
      return { ...source, format: "pytorch", unorderedBecause: undefined, notes };
    }
    throw new ImportError(`${needs}, but ${unusable.join("; ")}: ${INSTALL_TORCH}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
