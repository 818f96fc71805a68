// Shared by tests/host/cli/train_cli.test.ts and eval_cli.test.ts: the CLI run
// at their limit, a tiny network and its data, a project that imports a
// block from a folder beside it, and a walk of a module's static imports.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, relative, resolve } from "node:path";
import ts from "typescript";
import { expect } from "vitest";
import { writeNpy } from "../../../host/data/npy.js";
import { dlc as runDlc, root, type Run } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

export { root, type Run };

/** `dlc ARGS` from source; killed at a limit that only a hang reaches (one run is ~1 s idle). */
export function dlc(args: string[]): Promise<Run> {
  return runDlc(args, { timeoutMs: limitFor(3) });
}

/** No stack trace and no internal error: what every refused run must look like. */
export function expectClean(r: Run): void {
  expect(r.stderr).not.toContain("    at ");
  expect(r.stderr).not.toContain("internal error");
}

/** A one-head classifier without a training section. */
export const MLP = "network mlp {\n  input x: [4]\n  output logits = x |> dense(8) |> relu |> dense(3)\n}\n";

/** The same network with a training section. */
export const MLP_TRAINED = `${MLP}\ntrain mlp {\n  loss cross_entropy(logits, label: int)\n  optimizer sgd(lr = 0.05, momentum = 0.9)\n  epochs = 2\n  batch = 4\n}\n`;

export const SAMPLES = 12;

/** x.npy [12, 4] and label.npy [12] (classes 0, 1, 2 in turn), plus any extra labels (float32, or int32 with `int`). */
export function writeMlpData(dir: string, extra: Record<string, { shape: number[]; data: number[]; int?: boolean }> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "x.npy"), [SAMPLES, 4], Float32Array.from({ length: SAMPLES * 4 }, (_, i) => Math.sin(i)));
  writeNpy(join(dir, "label.npy"), [SAMPLES], Int32Array.from({ length: SAMPLES }, (_, i) => i % 3));
  for (const [name, v] of Object.entries(extra)) writeNpy(join(dir, `${name}.npy`), v.shape, v.int ? Int32Array.from(v.data) : Float32Array.from(v.data));
}

/**
 * `lib/blocks.net` (a block `head(c)`) and `proj/mlp.net`, the one-head
 * network of MLP importing it from beside its own folder, under `dir`:
 * refused without `--allow-import lib`, accepted with it.
 */
export function writeImportingMlp(dir: string): { lib: string; file: string } {
  const lib = join(dir, "lib");
  const proj = join(dir, "proj");
  mkdirSync(lib);
  mkdirSync(proj);
  writeFileSync(join(lib, "blocks.net"), "block head(c) (x) {\n  return x |> dense(8) |> relu |> dense(c)\n}\n");
  const file = join(proj, "mlp.net");
  writeFileSync(file, 'import "../lib/blocks"\nnetwork mlp {\n  input x: [4]\n  output logits = x |> head(3)\n}\n');
  return { lib, file };
}

/**
 * Every file of the repository (relative path) and every package (its name)
 * that loading `entry` loads through static imports: `import … from`,
 * `import "…"` and `export … from`, minus those TypeScript erases (`import
 * type`, `export type`, imports of type-only names). An import used only as
 * a type but not marked so is counted: the walk errs towards loading more.
 */
export function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [normalize(entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022);
    for (const s of source.statements) {
      let spec: string | undefined;
      if (ts.isImportDeclaration(s)) {
        const clause = s.importClause;
        const typeOnly =
          clause !== undefined &&
          (clause.isTypeOnly || (!clause.name && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
        if (!typeOnly) spec = (s.moduleSpecifier as ts.StringLiteral).text;
      } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && !s.isTypeOnly) {
        spec = (s.moduleSpecifier as ts.StringLiteral).text;
      }
      if (spec === undefined || spec.startsWith("node:")) continue;
      if (spec.startsWith(".")) todo.push(relative(root, resolve(root, dirname(file), spec.replace(/\.js$/, ".ts"))));
      else seen.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  }
  return seen;
}
