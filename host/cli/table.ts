// The summary's table, drawn by cli-table3 in slices of rows. cli-table3's
// layout takes time quadratic in the number of rows (4,000 rows 0.8 s,
// 8,000 rows 2.9 s; a valid 130,000-layer chain would take many minutes),
// so the rows go through it a slice at a time with column widths fixed
// from all rows up front; the slices' inner borders are left out, and the
// joined text is the table cli-table3 draws for all rows at once.

import Table from "cli-table3";

export type Align = "left" | "center" | "right";

const SLICE_ROWS = 500;
const NO_TOP = { top: "", "top-mid": "", "top-left": "", "top-right": "" };
const NO_BOTTOM = { bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "" };

/** A boxed table with no rules between rows; the first row is the header. Cells are one line each. */
export function compactTable(rows: readonly (readonly string[])[], aligns: readonly Align[]): string {
  // + 2: cli-table3's padding of one space on each side is part of a column's width.
  const widths = aligns.map((_, c) => rows.reduce((w, r) => Math.max(w, (r[c] ?? "").length), 0) + 2);
  const slices: string[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += SLICE_ROWS) {
    const chars = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "", ...(start === 0 ? {} : NO_TOP), ...(start + SLICE_ROWS >= rows.length ? {} : NO_BOTTOM) };
    const table = new Table({ colWidths: widths, colAligns: [...aligns], style: { head: [], border: [], compact: true }, chars });
    for (const r of rows.slice(start, start + SLICE_ROWS)) table.push([...r]);
    slices.push(table.toString());
  }
  return slices.join("\n");
}
