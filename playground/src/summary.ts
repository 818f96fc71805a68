// The summary pane: `dlc summary`'s table and totals as HTML, from the same
// analysis (compiler/passes/analyse.ts) and the same number formats
// (host/cli/format.ts): one row per node with its op, output shape,
// parameters, MACs and receptive field, then the totals.

import type { Graph } from "../../core/ir/graph.js";
import type { Analysis } from "../../compiler/passes/analyse.js";
import { bytes, si, thousands } from "../../host/cli/format.js";
import { fieldText } from "../../host/cli/format.js";

function cell(tag: "td" | "th", text: string, cls?: string): HTMLElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (cls) c.className = cls;
  return c;
}

function row(cells: readonly HTMLElement[]): HTMLTableRowElement {
  const r = document.createElement("tr");
  r.append(...cells);
  return r;
}

/** The per-node table. */
function nodeTable(g: Graph, a: Analysis): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "summary-table";
  const head = document.createElement("thead");
  head.append(row(["Node", "Op", "Output shape", "Params", "MACs", "Receptive field"].map((h, i) => cell("th", h, i >= 3 ? "num" : undefined))));
  const body = document.createElement("tbody");
  g.nodes.forEach((n, i) => {
    const c = a.nodes[i]!;
    body.append(
      row([
        cell("td", n.name, "name"),
        cell("td", n.op, "op"),
        cell("td", `[${n.shape.join(", ")}]`, "shape"),
        cell("td", c.params ? thousands(c.params) : "", "num"),
        cell("td", c.macs ? si(c.macs) : "", "num"),
        cell("td", fieldText(a.receptiveFields[i]!), "num"),
      ]),
    );
  });
  table.append(head, body);
  return table;
}

/** The totals, as `dlc summary` words them. */
export function totalsRows(a: Analysis): [string, string][] {
  const t = a.totals;
  const m = a.memory;
  return [
    ["Total params", thousands(t.params)],
    ["Trainable params", thousands(t.trainableParams)],
    ...(t.params > t.trainableParams ? [["Non-trainable params", thousands(t.params - t.trainableParams)] as [string, string]] : []),
    ...(t.buffers ? [["Buffers (not params)", thousands(t.buffers)] as [string, string]] : []),
    ["MACs (conv/dense/matmul)", `${si(t.macs)} (${thousands(t.macs)})`],
    ["FLOPs (2×MACs + other)", si(t.flops)],
    ["Activations per sample", `${bytes(m.activationBytes)} peak`],
    ["Parameters size", bytes(m.paramBytes)],
    ["Training memory", `${bytes(m.trainingBytes)} at batch ${m.batch}`],
  ];
}

/** Fills `into` with the network's table and totals. */
export function renderSummary(into: HTMLElement, g: Graph, a: Analysis): void {
  const title = document.createElement("h3");
  title.textContent = `network ${g.name}`;
  const totals = document.createElement("dl");
  totals.className = "totals";
  for (const [k, v] of totalsRows(a)) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    totals.append(dt, dd);
  }
  into.replaceChildren(title, totals, nodeTable(g, a));
}
