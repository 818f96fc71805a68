// `mkdir -p` without Node's recursive mkdir, which loops forever on some
// file systems that answer ENOENT to every create (procfs: `dlc compile
// -o /proc/x` hung). Here each missing folder is created once, from the
// deepest existing one down, and the first failure is thrown as it is.

import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

export function makeFolder(path: string): void {
  try {
    mkdirSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && statSync(path).isDirectory()) return;
    const parent = dirname(path);
    if (code !== "ENOENT" || parent === path) throw e;
    makeFolder(parent);
    mkdirSync(path);
  }
}
