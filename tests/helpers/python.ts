// The Python of the interop tests (host/python.ts's rule). A test that needs
// it fails, never skips, when it is missing, naming the install command.

import { findPython, pythonCandidates } from "../../host/python.js";

const found = new Map<string, string>();

/**
 * A Python among `candidates` (dlc's rule by default) that imports
 * `modules`; throws `need` and the `install` command when none does. The
 * default search is made once per module list.
 */
export function pythonWith(modules: readonly string[], need: string, install: string, candidates?: readonly string[]): string {
  const key = modules.join(",");
  const hit = candidates === undefined ? found.get(key) : undefined;
  if (hit !== undefined) return hit;
  const r = findPython(modules, candidates ?? pythonCandidates());
  if (r.python === undefined) throw new Error(`${need} (${r.tried.join("; ")}); install it with ${install}`);
  if (candidates === undefined) found.set(key, r.python);
  return r.python;
}
