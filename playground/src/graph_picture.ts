// The network as a picture, as `dlc graph` draws it (host/graph/): the view
// of the forward graph, its DOT text, laid out by Graphviz compiled to
// WebAssembly. Loaded on demand (graph_pane.ts) so that the page starts
// without Graphviz's megabytes.

import type { Graph } from "../../core/ir/graph.js";
import type { Analysis } from "../../compiler/passes/analyse.js";
import { forwardView } from "../../host/graph/view.js";
import { toDot } from "../../host/graph/dot.js";
import { layoutSvg } from "../../host/graph/layout.js";

export function graphSvg(g: Graph, a: Analysis): Promise<string> {
  return layoutSvg(toDot(forwardView(g, a)));
}
