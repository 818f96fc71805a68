// docs/language.md's layer reference must be what ops/ says today: the
// committed table equals a fresh rendering (scripts/layer_table.ts), so an
// op added or changed without `npm run gen:docs` fails here.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BEGIN, END, renderLayerTable, withLayerTable } from "../../scripts/layer_table.js";
import { forwardOps } from "../../ops/registry.js";

const doc = readFileSync(new URL("../../docs/language.md", import.meta.url), "utf8");

describe("docs/language.md layer table", () => {
  it("is the table rendered from ops/ (run `npm run gen:docs` after changing an op)", () => {
    expect(withLayerTable(doc)).toBe(doc);
  });

  it("has one row per layer, with every alias and user-facing attribute", () => {
    const table = renderLayerTable();
    const rows = table.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows.map((r) => r.split("`")[1])).toEqual(forwardOps.map((op) => op.name));
    for (const op of forwardOps) {
      const r = rows.find((x) => x.startsWith(`| \`${op.name}\` |`))!;
      for (const a of op.aliases ?? []) expect(r, `${op.name} alias ${a}`).toContain("`" + a + "`");
      for (const [name, spec] of Object.entries(op.attrs)) {
        if (spec.internal) expect(r, `${op.name}.${name} is internal`).not.toContain("`" + name + "`:");
        else expect(r, `${op.name}.${name}`).toContain("`" + name + "`");
      }
    }
    expect(table.startsWith(BEGIN) && table.endsWith(END)).toBe(true);
  });

  it("refuses a document without the markers", () => {
    expect(() => withLayerTable("# no table here\n")).toThrow(/markers/);
  });
});
