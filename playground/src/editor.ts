// The editor: CodeMirror 6 with dlc's highlighting (language.ts) and the
// compiler as its linter. CodeMirror's linter waits until typing pauses
// (LINT_DELAY_MS), then the text is checked once (check.ts); the result
// goes both to the lint marks and to `onChecked`, which redraws the other
// panes from the same check.

import { EditorState } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentUnit } from "@codemirror/language";
import { linter, lintGutter, lintKeymap } from "@codemirror/lint";
import type { CompileResult } from "../../compiler/pipeline.js";
import { checkText } from "./check.js";
import { dlc } from "./language.js";
import { toLintDiagnostics } from "./lint.js";

export const LINT_DELAY_MS = 300;

export function createEditor(parent: HTMLElement, text: string, onChecked: (r: CompileResult, text: string) => void): EditorView {
  const compilerLint = linter(
    (view) => {
      const source = view.state.doc.toString();
      const r = checkText(source);
      onChecked(r, source);
      return toLintDiagnostics(r.diagnostics, source.length);
    },
    { delay: LINT_DELAY_MS },
  );
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        drawSelection(),
        bracketMatching(),
        indentUnit.of("  "),
        dlc(),
        compilerLint,
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
        EditorView.theme({ "&": { height: "100%" }, ".cm-scroller": { fontFamily: "var(--mono)" } }),
      ],
    }),
  });
}
