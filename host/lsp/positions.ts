// Where things are, in the protocol's terms. dlc's spans are offsets into a
// source file's text; the protocol speaks of lines and characters counted
// in UTF-16 code units, which is what a JavaScript string's offsets are, so
// a span turns into a range through the source's own line index (the one
// diagnostics print with: LF, CRLF and a lone CR each end a line).

import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Location, Position, Range } from "vscode-languageserver";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { lineCol } from "../../core/diagnostics/source.js";

/** The protocol position of an offset into a span's source. */
function positionIn(span: Span, offset: number): Position {
  const { line, col } = lineCol(span.source, Math.max(0, Math.min(offset, span.source.text.length)));
  return { line: line - 1, character: col - 1 };
}

export function spanRange(span: Span): Range {
  return { start: positionIn(span, span.start), end: positionIn(span, Math.max(span.start, span.end)) };
}

export function spanLocation(span: Span): Location {
  return { uri: uriOfPath(span.source.path), range: spanRange(span) };
}

/** Whether the character at `offset` lies in the span (hover, definition: the character under the cursor). */
export function covers(span: Span, offset: number): boolean {
  return span.start <= offset && offset < Math.max(span.end, span.start + 1);
}

/** Whether a cursor at `offset` touches the span, its end included (a word just typed). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The file a document's URI names; an unsaved document (untitled:) is named as if in the working folder. */
export function pathOfUri(uri: string): string {
  if (uri.startsWith("file:")) return fileURLToPath(uri);
  const last = decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:/i, "").split(/[/\\]/).pop() ?? "untitled");
  return resolve(last.endsWith(".net") ? last : `${last || "untitled"}.net`);
}

export function uriOfPath(path: string): string {
  return pathToFileURL(resolve(path)).href;
}

export const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
