import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../compiler/pipeline.js";

describe("examples/", () => {
  const files = readdirSync("examples").filter((f) => f.endsWith(".net"));
  it("has examples", () => expect(files.length).toBeGreaterThan(0));
  it.each(files)("%s checks without errors", (f) => {
    const r = checkFile(`examples/${f}`);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    expect(r.graph?.train).toBeDefined();
  });
  it("freezes the two-head network's trunk: only the heads train", () => {
    const r = checkFile("examples/two_heads.net");
    // Heads by hand: cls 64·5 + 5; box (64·16·16)·128 + 128 + 128·4 + 4.
    const heads = 64 * 5 + 5 + 16384 * 128 + 128 + 128 * 4 + 4;
    expect(r.analysis!.totals.trainableParams).toBe(heads);
    expect(r.graph!.train!.losses.map((l) => [l.kind, l.weight])).toEqual([["cross_entropy", 1], ["smooth_l1", 0.5]]);
  });
});
