// compactTable draws big tables a slice at a time; the oracle is
// cli-table3 drawing the same rows in one go.
import Table from "cli-table3";
import { describe, expect, it } from "vitest";
import { compactTable, type Align } from "../../../host/cli/table.js";

const ALIGNS: Align[] = ["left", "left", "right", "right"];

function whole(rows: string[][]): string {
  const t = new Table({ colAligns: ALIGNS, style: { head: [], border: [], compact: true }, chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } });
  for (const r of rows) t.push(r);
  return t.toString();
}

function rows(n: number): string[][] {
  const out = [["Node", "Op", "Params", "Field"]];
  // Widths vary along the table, so a slice's own widest cell is not the column's.
  for (let i = 0; i < n; i++) out.push([`n${i}`, i % 7 === 0 ? "conv" : "relu", i % 5 === 0 ? String(i * 1013) : "", `${(i % 9) + 1}×${i % 4 + 1} /2`]);
  return out;
}

describe("compactTable", () => {
  it.each([0, 1, 499, 500, 1234])("draws %i rows as cli-table3 draws them at once", (n) => {
    expect(compactTable(rows(n), ALIGNS)).toBe(whole(rows(n)));
  });
});
