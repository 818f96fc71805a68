// Which Python dlc runs (the .pt reader of `dlc import-weights`) and the
// interop tests run (PyTorch, torchvision, onnx): DLC_PYTHON alone when set;
// else python3 on the PATH, then the system's /usr/bin/python3. Debian's
// python3-torch, python3-torchvision and python3-onnx are installed for the
// system Python, which a pyenv or virtualenv python3 earlier on the PATH
// does not see; hence the second candidate.

import { spawnSync } from "node:child_process";

/** The interpreters to try, in order. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.DLC_PYTHON !== undefined && env.DLC_PYTHON !== "" ? [env.DLC_PYTHON] : ["python3", "/usr/bin/python3"];
}

export interface PythonSearch {
  /** The first candidate that imports every module, if any. */
  readonly python?: string;
  /** What each candidate said where it failed, for a message. */
  readonly tried: readonly string[];
}

/** The first candidate that imports `modules` (e.g. ["torch", "torchvision"]). */
export function findPython(modules: readonly string[], candidates: readonly string[] = pythonCandidates()): PythonSearch {
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
    if (!r.error && r.status === 0) return { python, tried };
    tried.push(`${python}: ${r.error ? r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`)}`);
  }
  return { tried };
}
