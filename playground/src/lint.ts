// The compiler's diagnostics as CodeMirror lint diagnostics: the same
// message and severity, at the same span (both count UTF-16 code units
// from the start of the text). What `dlc check` prints under the caret
// (what was expected, help notes) is shown under the message. A diagnostic
// with no span in the edited text (a whole-file problem, or one inside an
// imported file) is placed at the start, its location said in the text.

import type { Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { lineCol } from "../../core/diagnostics/source.js";
import { SOURCE_NAME } from "./check.js";

/** Where a diagnostic points in another file, as "std/blocks.net:3:5"; undefined when it is in the edited text or nowhere. */
function elsewhere(d: Diagnostic): string | undefined {
  const s = d.span;
  if (!s || s.source.path === SOURCE_NAME) return undefined;
  const at = lineCol(s.source, s.start);
  // The standard library sits at /stdlib in the page's file system; users name it std/.
  const name = s.source.path.startsWith("/stdlib/") ? `std/${s.source.path.slice("/stdlib/".length)}` : s.source.path;
  return `${name}:${at.line}:${at.col}`;
}

/** The lines shown under the message: where (when elsewhere), expected, notes. */
export function detailLines(d: Diagnostic): string[] {
  const where = elsewhere(d);
  return [...(where ? [`in ${where}`] : []), ...(d.expected ? [`expected: ${d.expected}`] : []), ...(d.notes ?? [])];
}

export function toLintDiagnostics(diagnostics: readonly Diagnostic[], docLength: number): LintDiagnostic[] {
  return diagnostics.map((d): LintDiagnostic => {
    const inText = d.span !== undefined && d.span.source.path === SOURCE_NAME;
    const from = inText ? Math.min(d.span!.start, docLength) : 0;
    const to = inText ? Math.min(Math.max(d.span!.end, from), docLength) : 0;
    const details = detailLines(d);
    return {
      from,
      to,
      severity: d.severity,
      source: "dlc",
      message: d.message,
      renderMessage: () => {
        const box = document.createElement("div");
        const head = document.createElement("div");
        head.textContent = d.message;
        box.append(head);
        for (const line of details) {
          const more = document.createElement("div");
          more.className = "cm-diagnostic-detail";
          more.textContent = line;
          box.append(more);
        }
        return box;
      },
    };
  });
}
