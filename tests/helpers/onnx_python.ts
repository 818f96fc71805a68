// Python's `onnx` package (Debian's python3-onnx), the official ONNX
// implementation: its schema file and its model checker are the oracles of
// the ONNX tests. A test that needs it fails (never skips) when it is
// missing, with the command that installs it.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pythonWith } from "./python.js";

export const ONNX_INSTALL = "scripts/install-test-deps.sh (it runs apt-get install python3-onnx)";

/** A Python that imports `onnx` (host/python.ts's rule), and where the package lives. */
export function onnxPython(): { python: string; dir: string } {
  const python = pythonWith(["onnx"], "Python's onnx package is missing", ONNX_INSTALL);
  const r = spawnSync(python, ["-c", "import onnx, os; print(os.path.dirname(onnx.__file__))"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${python} imports onnx but could not say where it lives: ${r.stderr}`);
  return { python, dir: r.stdout.trim() };
}

/** The official onnx.proto that the installed package was built from. */
export function officialOnnxProto(): string {
  const path = join(onnxPython().dir, "onnx.proto");
  if (!existsSync(path)) throw new Error(`${path} is missing: the onnx package ships its schema there; reinstall with ${ONNX_INSTALL}`);
  return path;
}
