// dlc's diagnostics in the protocol's form: the same spans and messages as
// `dlc check` prints, its "expected" and notes as further lines of the
// message (the protocol has no place of their own for them), and each note
// that names a place ("first declared at FILE:LINE:COL") also as related
// information that the editor can jump to. A diagnostic in another file (an
// imported block) is shown at the call in this file that led to it, else at
// the import that brought the file in, saying where it is.

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Range } from "vscode-languageserver";
import type { Diagnostic, Span } from "../../core/diagnostics/diagnostic.js";
import { lineCol } from "../../core/diagnostics/source.js";
import type { Program } from "../../grammar/ast.js";
import { spanLocation, spanRange, START, uriOfPath } from "./positions.js";

/** "… at PATH:LINE:COL" in a note, as builder.ts `where` writes places. */
const PLACE = /\bat (.+?):(\d+):(\d+)\b/;

/** Where the main file shows a diagnostic of another file: the call that led there, else the import. */
export interface Elsewhere {
  readonly program?: Program;
  readonly callSites: ReadonlyMap<Diagnostic, Span>;
}

export function toLspDiagnostics(ds: readonly Diagnostic[], mainPath: string, elsewhere: Elsewhere): LspDiagnostic[] {
  return ds.map((d) => toLsp(d, mainPath, elsewhere));
}

function toLsp(d: Diagnostic, mainPath: string, elsewhere: Elsewhere): LspDiagnostic {
  const lines = [d.message];
  if (d.expected) lines.push(`expected: ${d.expected}`);
  for (const n of d.notes ?? []) lines.push(n);
  const related: DiagnosticRelatedInformation[] = [];
  for (const n of d.notes ?? []) {
    const m = PLACE.exec(n);
    if (m) related.push({ location: { uri: uriOfPath(m[1]!), range: point(Number(m[2]), Number(m[3])) }, message: n });
  }
  let range: Range = START;
  if (d.span && d.span.source.path === mainPath) range = spanRange(d.span);
  else if (d.span) {
    // In an imported file: shown at the call that led there, else at the import that brought the file in.
    const { line, col } = lineCol(d.span.source, d.span.start);
    lines[0] = `${d.message} (in ${d.span.source.path}:${line}:${col})`;
    related.unshift({ location: spanLocation(d.span), message: d.message });
    const call = elsewhere.callSites.get(d);
    range = call ? spanRange(call) : (importRange(d.span.source.path, elsewhere.program) ?? START);
  }
  return {
    range,
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: "dlc",
    message: lines.join("\n"),
    ...(related.length ? { relatedInformation: related } : {}),
  };
}

function point(line: number, col: number): Range {
  const p = { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
  return { start: p, end: p };
}

/** The main file's import naming `path`'s file, else its first import. */
function importRange(path: string, program: Program | undefined): Range | undefined {
  const imports = program?.decls.filter((d) => d.kind === "import") ?? [];
  const stem = path.replace(/\.net$/, "");
  const named = imports.find((d) => stem.endsWith(d.path.replace(/^std\//, "").replace(/\.net$/, "")));
  const at = named ?? imports[0];
  return at ? spanRange(at.span) : undefined;
}
