// What the page shows, readable from outside as window.playground: the
// browser test (tests/playground/) reads the lint diagnostics, the chart's
// loss series and the training state from here instead of scraping pixels.

import type { EditorView } from "@codemirror/view";
import { forEachDiagnostic } from "@codemirror/lint";
import type { ChartSeries } from "./chart.js";
import type { RunEnd } from "./training.js";

export interface PlaygroundHooks {
  readonly view: EditorView;
  /** The text of the last completed check (the panes show its result). */
  checkedText(): string;
  /** CodeMirror's lint diagnostics now in the editor. */
  diagnostics(): { from: number; to: number; severity: string; message: string }[];
  series(): ChartSeries;
  training(): { state: string; end: RunEnd | undefined };
}

declare global {
  interface Window {
    playground?: PlaygroundHooks;
  }
}

export function lintDiagnostics(view: EditorView): { from: number; to: number; severity: string; message: string }[] {
  const out: { from: number; to: number; severity: string; message: string }[] = [];
  forEachDiagnostic(view.state, (d, from, to) => out.push({ from, to, severity: d.severity, message: d.message }));
  return out;
}

export function exposeHooks(h: PlaygroundHooks): void {
  window.playground = h;
}
