// The graph pane: redraws the picture after each successful check. Layout
// is asynchronous and may be overtaken by a newer text; only the latest
// request's picture is shown. The SVG is parsed as XML and adopted, never
// assigned as HTML.

import type { Graph } from "../../core/ir/graph.js";
import type { Analysis } from "../../compiler/passes/analyse.js";

let latest = 0;

export async function renderGraph(into: HTMLElement, g: Graph, a: Analysis): Promise<void> {
  const mine = ++latest;
  try {
    const { graphSvg } = await import("./graph_picture.js");
    const svg = await graphSvg(g, a);
    if (mine !== latest) return;
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const el = doc.documentElement;
    if (el.nodeName !== "svg") throw new Error("Graphviz gave no SVG");
    // Fit the pane's width; the height follows the picture's proportions.
    el.removeAttribute("width");
    el.removeAttribute("height");
    into.replaceChildren(document.importNode(el, true));
  } catch (e) {
    if (mine !== latest) return;
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = `The picture could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
    into.replaceChildren(p);
  }
}
