// The dlc CLI run from source in a child process, as a user runs it: no
// colours, no debug output, stdout and stderr collected whole.

import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root: where the CLI runs unless a test says otherwise. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// Both absolute, so that a run from any folder finds the loader and the CLI:
// `--import tsx` alone would look for tsx from the child's folder.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const CLI = join(root, "host/cli/run.ts");

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface DlcOptions {
  /** Variables on top of the test's environment, NO_COLOR=1 and an empty DLC_DEBUG. */
  env?: NodeJS.ProcessEnv;
  /** V8's heap limit in MiB (`--max-old-space-size`): a runaway allocation dies instead of swapping. */
  heapMb?: number;
  /** The child's working folder; the repository root when not given. */
  cwd?: string;
  /**
   * Killed with SIGKILL after this many ms. Only a hang may reach it, so it
   * comes from `limitFor` (tests/helpers/time_limits.ts), never a number
   * hoped to be enough. None when not given.
   */
  timeoutMs?: number;
  /** Told the child as it starts, for a test that ends its runs itself. */
  onSpawn?: (child: ChildProcess) => void;
}

/** Node's arguments that run `dlc ARGS` from source. */
export function dlcArgv(args: readonly string[], heapMb?: number): string[] {
  return [...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]), "--import", TSX, CLI, ...args];
}

/** `dlc ARGS` from source in a child process; resolves once it has exited and its output is read. */
export function dlc(args: readonly string[], options: DlcOptions = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, dlcArgv(args, options.heapMb), {
      cwd: options.cwd ?? root,
      env: { ...process.env, NO_COLOR: "1", DLC_DEBUG: "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs, killSignal: "SIGKILL" as const }),
    });
    options.onSpawn?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}
