// Command-line values of `dlc run` that commander leaves as strings.

import { quoted } from "../../core/diagnostics/printable.js";
import { UsageError } from "./options.js";

/** `--input image=samples.npy` (repeatable): which .npy file feeds which network input. */
export function parseInputFile(spec: string, into: Map<string, string>): Map<string, string> {
  const eq = spec.indexOf("=");
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--input expects NAME=FILE.npy such as image=images.npy; got '${quoted(spec)}'`);
  const name = spec.slice(0, eq).trim();
  if (into.has(name)) throw new UsageError(`--input ${quoted(name)} is given twice`);
  return new Map([...into, [name, spec.slice(eq + 1)]]);
}
