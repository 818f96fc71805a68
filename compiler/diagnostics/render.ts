// Renders diagnostics the way rustc and Elm do: a headline, the location,
// the source line and a caret line under the span, then what was expected.

import pc from "picocolors";
import type { Diagnostic } from "./diagnostic.js";
import { lineCol, lineText } from "./source.js";

export interface RenderOptions {
  colour: boolean;
}

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = { colour: false }): string {
  const c = pc.createColors(opts.colour);
  const head = d.severity === "error" ? c.bold(c.red("error")) : c.bold(c.yellow("warning"));
  const out: string[] = [`${head}${c.bold(": " + d.message)}`];
  if (d.span) {
    const { source, start, end } = d.span;
    const from = lineCol(source, start);
    const to = lineCol(source, Math.max(start, end - 1));
    const gutter = String(to.line).length;
    const pad = " ".repeat(gutter);
    out.push(`${pad}${c.blue("-->")} ${source.path}:${from.line}:${from.col}`);
    out.push(`${pad} ${c.blue("|")}`);
    const text = lineText(source, from.line);
    out.push(`${c.blue(String(from.line).padStart(gutter))} ${c.blue("|")} ${text}`);
    // A span over several lines is underlined to the end of its first line.
    const lastCol = to.line === from.line ? to.col : Math.max(from.col, text.length);
    const width = Math.max(1, lastCol - from.col + 1);
    const caretColour = d.severity === "error" ? c.red : c.yellow;
    out.push(`${pad} ${c.blue("|")} ${" ".repeat(from.col - 1)}${caretColour("^".repeat(width))}`);
  }
  // The "=" lines stand under the gutter's "|", as rustc aligns them.
  const indent = " ".repeat(d.span ? String(lineCol(d.span.source, Math.max(d.span.start, d.span.end - 1)).line).length + 1 : 2);
  if (d.expected) out.push(`${indent}${c.blue("=")} expected: ${d.expected}`);
  for (const n of d.notes ?? []) out.push(`${indent}${c.blue("=")} ${n}`);
  return out.join("\n");
}

export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderOptions = { colour: false }): string {
  return ds.map((d) => renderDiagnostic(d, opts)).join("\n\n");
}
