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

describe("what the reference says about sharing.net", () => {
  it("shares weights between applications of a named layer, not between partial-layer calls", () => {
    const g = checkFile(join(dir, "sharing.net")).graph!;
    const node = (n: string) => g.nodes.find((x) => x.name === n)!;
    expect(node("enc").params.weight).toBe("enc.weight");
    expect(node("enc_1").params.weight).toBe("enc.weight");
    // `c3(16)` twice: two layers with their own weights.
    expect(node("c3").params.weight).toBe("c3.weight");
    expect(node("c3_1").params.weight).toBe("c3_1.weight");
    expect(node("head").op).toBe("dense");
  });
});
