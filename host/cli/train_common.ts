// Small pieces shared by `dlc train` and `dlc eval` (and their runners):
// the backends and metric text (error output is output.ts's).
// Light on purpose: registering the commands loads this file, and
// `dlc --help` must not load WebGPU, training loops or checkpoints.

import type { EvalMetrics } from "../training/loop.js";
import { quoted } from "../../core/diagnostics/printable.js";
import { fail } from "./output.js";

const BACKENDS = ["webgpu", "reference"] as const;

/** Exit 2 with a message when `backend` is not one of BACKENDS (train, eval, run); undefined when it is. */
export function refuseUnknownBackend(backend: string): number | undefined {
  if ((BACKENDS as readonly string[]).includes(backend)) return undefined;
  return fail(`unknown backend '${quoted(backend)}' (expected ${BACKENDS.join(" or ")})`, 2);
}

const num = (v: number) => String(Number(v.toPrecision(4)));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export { num };

export function metricsText(m: EvalMetrics): string {
  const heads = Object.entries(m.heads).map(([name, h]) => `${name} ${num(h.loss)}${h.accuracy === undefined ? "" : ` acc ${pct(h.accuracy)}`}`);
  return `loss ${num(m.loss)} [${heads.join(", ")}]`;
}
