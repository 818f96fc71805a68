// Every example the language reference uses must compile: docs/examples/*.net
// pass checkFile with no errors (warnings are allowed but none are expected).

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

const dir = join(import.meta.dirname, "..", "..", "docs", "examples");
const files = readdirSync(dir).filter((f) => f.endsWith(".net")).sort();

describe("docs/examples", () => {
  it("has examples", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s passes dlc check", (f) => {
    const r = checkFile(join(dir, f));
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message)).toEqual([]);
    expect(r.graph).toBeDefined();
    expect(r.graph!.outputs.length).toBeGreaterThan(0);
  });
});
