// "Is an import missing?": an unknown name that a standard-library module
// declares as a block (`bottleneck` without `import "std/resnet_blocks"`).
// The modules are the .net files directly in stdlib/ (the block libraries;
// stdlib/models/ holds networks, which are not imported for their blocks).
// They are read only when an unknown name is reported, and once per process:
// a loop can fail the same way a thousand times, and the files do not change
// while dlc runs.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../../core/io/read_regular_file.js";
import { makeSource } from "../../core/diagnostics/source.js";
import { parseSource } from "../../grammar/parse.js";
import { decodeSource, MAX_SOURCE_BYTES } from "./modules.js";
import { stdlibDir } from "./import_roots.js";

/** Block name → the std modules (as `std/NAME`) that declare it; built on first use. */
let stdBlocks: Map<string, string[]> | undefined;

function readStdBlocks(dir: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".net")).sort();
  } catch {
    // No stdlib beside this installation: no hint, not a second error.
    return blocks;
  }
  for (const f of files) {
    const module = `std/${f.slice(0, -".net".length)}`;
    try {
      const text = decodeSource(f, readRegularFile(join(dir, f), MAX_SOURCE_BYTES, "a .net source file")).text;
      if (text === undefined) continue;
      for (const d of parseSource(makeSource(join(dir, f), text)).program?.decls ?? []) {
        if (d.kind !== "block") continue;
        const list = blocks.get(d.name.name) ?? [];
        list.push(module);
        blocks.set(d.name.name, list);
      }
    } catch {
      // An unreadable std file only costs the hint; the error itself stands.
    }
  }
  return blocks;
}

/** The notes for an unknown `name` that std modules declare as a block; empty when none does. */
export function missingImportNotes(name: string): string[] {
  stdBlocks ??= readStdBlocks(stdlibDir());
  return (stdBlocks.get(name) ?? []).map((m) => `help: is an import missing? \`import "${m}"\` declares block '${name}'`);
}
