// The Python that runs the exported modules: python3 with Debian's
// python3-torch. Debian installs it for the system Python
// (/usr/bin/python3); a `python3` earlier on PATH (pyenv, a virtualenv) may
// not see it, so both are tried. A test that needs it fails (never skips)
// when it is missing, with the command that installs it.

import { spawn } from "node:child_process";
import { pythonWith } from "../../../helpers/python.js";

export const TORCH_INSTALL = "sudo scripts/install-test-deps.sh (it runs apt-get install python3-torch python3-torchvision)";

/** The Python with torch (among `candidates`, dlc's rule by default); throws with the install command when there is none. */
export function torchPython(candidates?: readonly string[]): string {
  return pythonWith(["torch"], "the PyTorch export tests need python3 with torch", TORCH_INSTALL, candidates);
}

export interface PyRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `python3 ARGS` (the one with torch) in `cwd`; killed after `timeoutMs` (a hang, never slowness: see time_limits.ts). */
export function runPython(args: readonly string[], opts: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<PyRun> {
  const python = torchPython();
  return new Promise((done, fail) => {
    const child = spawn(python, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"], timeout: opts.timeoutMs, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** The JSON lines a driver script printed, one object per line. */
export function jsonLines<T>(run: PyRun): T[] {
  if (run.code !== 0) throw new Error(`python exited ${run.code}:\n${run.stderr.slice(-4000)}`);
  return run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as T);
}
