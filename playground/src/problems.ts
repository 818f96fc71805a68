// The problems list under the editor: every diagnostic of the last check
// with its line and column, as `dlc check` prints its location; a click
// puts the cursor on the span. "No problems" when the check is clean.

import { EditorView } from "@codemirror/view";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { lineCol } from "../../core/diagnostics/source.js";
import { SOURCE_NAME } from "./check.js";
import { detailLines } from "./lint.js";

export function renderProblems(into: HTMLElement, diagnostics: readonly Diagnostic[], view: EditorView): void {
  if (diagnostics.length === 0) {
    const ok = document.createElement("p");
    ok.className = "clean";
    ok.textContent = "✓ No problems: the network checks.";
    into.replaceChildren(ok);
    return;
  }
  const list = document.createElement("ul");
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.className = d.severity;
    const span = d.span && d.span.source.path === SOURCE_NAME ? d.span : undefined;
    const where = document.createElement("span");
    where.className = "where";
    if (span) {
      const at = lineCol(span.source, span.start);
      where.textContent = `${at.line}:${at.col}`;
      li.addEventListener("click", () => {
        const len = view.state.doc.length;
        view.dispatch({ selection: { anchor: Math.min(span.start, len), head: Math.min(span.end, len) }, scrollIntoView: true });
        view.focus();
      });
    }
    const sev = document.createElement("span");
    sev.className = "severity";
    sev.textContent = d.severity;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = d.message;
    li.append(sev, where, message);
    for (const line of detailLines(d)) {
      const more = document.createElement("div");
      more.className = "detail";
      more.textContent = line;
      li.append(more);
    }
    list.append(li);
  }
  into.replaceChildren(list);
}
