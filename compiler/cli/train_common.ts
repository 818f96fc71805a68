// Small pieces shared by `dlc train` and `dlc eval` (and their runners):
// the backends, error output and metric text.
// Light on purpose: registering the commands loads this file, and
// `dlc --help` must not load WebGPU, training loops or checkpoints.

import { escapeControl } from "../diagnostics/printable.js";
import type { EvalMetrics } from "../../runtime/training/loop.js";

export const BACKENDS = ["webgpu", "reference"] as const;


/** Prints "error: MESSAGE" (control characters escaped: messages carry paths and names from the user's files) and returns the exit code. */
export const fail = (message: string, code: number): number => {
  process.stderr.write(`error: ${escapeControl(message)}\n`);
  return code;
};

/** A line on stderr that is not an error ("note: …", "warning: …"), escaped like fail's. */
export function notice(kind: "note" | "warning", message: string): void {
  process.stderr.write(`${kind}: ${escapeControl(message)}\n`);
}

const num = (v: number) => String(Number(v.toPrecision(4)));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export { num };

export function metricsText(m: EvalMetrics): string {
  const heads = Object.entries(m.heads).map(([name, h]) => `${name} ${num(h.loss)}${h.accuracy === undefined ? "" : ` acc ${pct(h.accuracy)}`}`);
  return `loss ${num(m.loss)} [${heads.join(", ")}]`;
}
