// Renders diagnostics the way rustc and Elm do: a headline, the location,
// the source line and a caret line under the span, then what was expected.
// Everything quoted from the user's files is made safe to print first:
// control characters are escaped (an ESC byte must not reach the terminal;
// the colours below are added after escaping, so they still work), and a
// long source line is shown as a window around the caret, not whole.

import pc from "picocolors";
import type { Diagnostic } from "./diagnostic.js";
import { cut, escapeControl, quoted } from "./printable.js";
import { lineCol, lineText } from "./source.js";

export interface RenderOptions {
  colour: boolean;
}

/** Widest source excerpt, in columns; a longer line is cut around the caret. */
export const MAX_LINE_COLUMNS = 120;
/** Columns of context kept before the caret when a line is cut. */
const CONTEXT_BEFORE = 40;

/** Longest message, expectation or note before it is cut (a name from the source can be any length). */
const MAX_MESSAGE_CHARS = 2000;

/** How one source character is shown: a tab as spaces, other control characters as \xNN. */
const shown = (ch: string): string => (ch === "\t" ? "    " : quoted(ch));

/** Text of ours that may hold the user's names and values: cut, its control characters escaped. */
const safe = (text: string): string => escapeControl(cut(text, MAX_MESSAGE_CHARS));

/**
 * The part of a line to show, and where the caret goes in it: `from` and
 * `to` are 0-based offsets in the line (to exclusive). Returns the text and
 * the caret's display column and width, so that carets stay under the
 * characters they mark whatever was escaped or cut before them.
 */
export function excerpt(line: string, from: number, to: number, max = MAX_LINE_COLUMNS): { text: string; caretAt: number; caretWidth: number } {
  let start = 0;
  let end = line.length;
  if (line.length > max) {
    start = Math.max(0, Math.min(from - CONTEXT_BEFORE, line.length - max));
    end = Math.min(line.length, start + max);
  }
  let text = start > 0 ? "…" : "";
  let caretAt = -1;
  let caretEnd = -1;
  for (let i = start; i < end; i++) {
    if (i === from) caretAt = text.length;
    text += shown(line[i]!);
    if (i === to - 1) caretEnd = text.length;
  }
  if (caretAt < 0) caretAt = text.length; // the span starts at the line's end (a missing token)
  if (caretEnd < caretAt) caretEnd = to > end ? text.length : caretAt + 1;
  if (end < line.length) text += "…";
  return { text, caretAt, caretWidth: Math.max(1, caretEnd - caretAt) };
}

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = { colour: false }): string {
  const c = pc.createColors(opts.colour);
  const head = d.severity === "error" ? c.bold(c.red("error")) : c.bold(c.yellow("warning"));
  const out: string[] = [`${head}${c.bold(": " + safe(d.message))}`];
  if (d.span) {
    const { source, start, end } = d.span;
    const from = lineCol(source, start);
    const to = lineCol(source, Math.max(start, end - 1));
    const gutter = String(to.line).length;
    const pad = " ".repeat(gutter);
    out.push(`${pad}${c.blue("-->")} ${quoted(source.path, 1000)}:${from.line}:${from.col}`);
    out.push(`${pad} ${c.blue("|")}`);
    const line = lineText(source, from.line);
    // A span over several lines is underlined to the end of its first line.
    const lastCol = to.line === from.line ? to.col : Math.max(from.col, line.length);
    const x = excerpt(line, from.col - 1, lastCol);
    out.push(`${c.blue(String(from.line).padStart(gutter))} ${c.blue("|")} ${x.text}`);
    const caretColour = d.severity === "error" ? c.red : c.yellow;
    out.push(`${pad} ${c.blue("|")} ${" ".repeat(x.caretAt)}${caretColour("^".repeat(x.caretWidth))}`);
  }
  // The "=" lines stand under the gutter's "|", as rustc aligns them.
  const indent = " ".repeat(d.span ? String(lineCol(d.span.source, Math.max(d.span.start, d.span.end - 1)).line).length + 1 : 2);
  if (d.expected) out.push(`${indent}${c.blue("=")} expected: ${safe(d.expected)}`);
  for (const n of d.notes ?? []) out.push(`${indent}${c.blue("=")} ${safe(n)}`);
  return out.join("\n");
}

export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderOptions = { colour: false }): string {
  return ds.map((d) => renderDiagnostic(d, opts)).join("\n\n");
}
