// The command line the examples' data generators share:
//   npx tsx examples/NAME/make_data.ts [DIR] [--train N] [--val N] [--seed S]

import { fileURLToPath } from "node:url";
import { join } from "node:path";

export interface SplitOptions {
  train?: number;
  val?: number;
  seed?: number;
}

/**
 * Runs `make(dir, options)` when `moduleUrl` is the script Node was started
 * with; `extra` names more whole-number flags (multitask's --size).
 */
export function runDataCli(moduleUrl: string, defaultDir: string, make: (dir: string, opts: SplitOptions & Record<string, number | undefined>) => void, extra: readonly string[] = []): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  const args = process.argv.slice(2);
  const flag = (name: string): number | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = Number(args[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} expects a whole number, got '${args[i + 1]}'`);
    args.splice(i, 2);
    return v;
  };
  const opts = { train: flag("--train"), val: flag("--val"), seed: flag("--seed"), ...Object.fromEntries(extra.map((f) => [f, flag(`--${f}`)])) };
  const dir = args[0] ?? defaultDir;
  make(dir, opts);
  process.stdout.write(`wrote ${join(dir, "train")} and ${join(dir, "val")}\n`);
}
