// The layer rule (issue 12): core < {grammar, ops, runtime} < compiler <
// reference < host, no import cycles, op folders independent. The rules live
// in .dependency-cruiser.cjs (also run by `npm run lint:layers`); this test
// cruises the source folders with them and lists every violation it finds.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cruise, type ICruiseOptions, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsConfigFile = resolve(root, "tsconfig.json");

/** The folders the layers live in (bench/, scripts/ and tests/ stand outside them). */
const sourceFolders = ["core", "grammar", "ops", "runtime", "compiler", "reference", "host"];

/** Cruises `folders` (relative to `baseDir`) with the project's rules. */
async function violationsIn(baseDir: string, folders: string[]): Promise<IViolation[]> {
  const options: ICruiseOptions = await extractDepcruiseOptions(resolve(root, ".dependency-cruiser.cjs"));
  // The config names tsconfig.json relative to the repository root; the
  // fixture cruise runs from elsewhere.
  const withBase: ICruiseOptions = { ...options, baseDir, tsConfig: { fileName: tsConfigFile } };
  const result = await cruise(folders, withBase, {}, { tsConfig: extractTSConfig(tsConfigFile) });
  if (typeof result.output === "string") throw new Error("expected a cruise result, got a report");
  return result.output.summary.violations;
}

/** One line per violation: the rule, then from → to (the whole path for a cycle). */
function describeViolation(v: IViolation): string {
  const path = v.cycle && v.cycle.length > 0 ? [v.from, ...v.cycle.map((step) => step.name)] : [v.from, v.to];
  return `${v.rule.name}: ${path.join(" → ")}`;
}

describe("layers", () => {
  it("no source file imports a higher layer, another op's folder, or itself through a cycle", async () => {
    const violations = await violationsIn(root, sourceFolders);
    expect(violations.map(describeViolation)).toEqual([]);
  });

  it("an upward import is caught (fixture: core/ importing compiler/)", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/upward", import.meta.url));
    const violations = await violationsIn(fixture, ["core", "compiler"]);
    expect(violations.map(describeViolation)).toEqual([
      "core-imports-only-itself: core/low.ts → compiler/high.ts",
    ]);
  });
});
