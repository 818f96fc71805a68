// The playground page: the editor on the left; the training pane, the
// summary table and the graph beside it. Every pane follows the editor's
// last check (editor.ts); while the text has errors the panes keep the last
// network that checked, dimmed.

import "./style.css";
import type { CompileResult } from "../../compiler/pipeline.js";
import { createEditor } from "./editor.js";
import { EXAMPLE } from "./example.js";
import { renderProblems } from "./problems.js";
import { renderSummary } from "./summary.js";
import { renderGraph } from "./graph_pane.js";
import { TrainPane } from "./train_pane.js";
import { fitShapes, shapesDataset } from "./shapes_data.js";
import { renderDataStrip } from "./data_strip.js";
import { exposeHooks, lintDiagnostics } from "./hooks.js";
import type { EditorView } from "@codemirror/view";

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`internal: the page has no #${id}`);
  return el as T;
}

const panes = {
  editor: byId("editor"),
  problems: byId("problems"),
  summary: byId("summary"),
  graph: byId("graph"),
  data: byId("data"),
};

let view: EditorView | undefined;
let checked = "";

function onChecked(r: CompileResult, text: string): void {
  checked = text;
  if (view) renderProblems(panes.problems, r.diagnostics, view);
  const ok = r.graph !== undefined && r.analysis !== undefined && !r.diagnostics.some((d) => d.severity === "error");
  for (const p of [panes.summary, panes.graph]) p.classList.toggle("stale", !ok);
  if (!ok) return;
  renderSummary(panes.summary, r.graph!, r.analysis!);
  void renderGraph(panes.graph, r.graph!, r.analysis!);
  const fit = fitShapes(r.graph!);
  if ("image" in fit) renderDataStrip(panes.data, shapesDataset(fit.image, fit.label, 8));
}

view = createEditor(panes.editor, EXAMPLE, onChecked);
const train = new TrainPane(
  { train: byId<HTMLButtonElement>("train"), stop: byId<HTMLButtonElement>("stop"), status: byId("status"), note: byId("train-note"), chart: byId("chart") },
  () => view!.state.doc.toString(),
);

exposeHooks({
  view,
  checkedText: () => checked,
  diagnostics: () => lintDiagnostics(view!),
  series: () => train.chart.series(),
  training: () => train.phase,
});
