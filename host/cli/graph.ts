// The action of `dlc graph`: the network as a picture. The graph (or, with
// --train, the training graph with the compiled step's fused kernels) is
// turned into a view (host/graph/view.ts, train_view.ts), folded by
// --depth (fold.ts), written as DOT (dot.ts) and laid out by Graphviz
// (layout.ts) into SVG, or a self-contained HTML page (html.ts). The file
// is written atomically; without -o it is NETWORK.svg (NETWORK.train.svg
// with --train) in the current folder.

import { checkFile } from "../../compiler/pipeline.js";
import { analyse } from "../../compiler/passes/analyse.js";
import { FileWriteError, writeFileAtomic } from "../../core/io/write_file_atomic.js";
import { forwardView, type View } from "../graph/view.js";
import { trainingView } from "../graph/train_view.js";
import { foldView } from "../graph/fold.js";
import { toDot } from "../graph/dot.js";
import { layoutSvg, LayoutError } from "../graph/layout.js";
import { toHtml } from "../graph/html.js";
import { graphFormatOf } from "./graph_options.js";
import { fail, notice, report } from "./output.js";
import { quoted } from "../../core/diagnostics/printable.js";
import type { NetOpts } from "./analyse_commands.js";

export interface GraphOpts extends NetOpts {
  out?: string;
  depth?: number;
}

/** The picture's view: the forward graph, or the training graph with fusion marks. */
async function viewOf(file: string, o: GraphOpts): Promise<View | undefined> {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, batch: o.batch, train: o.train === true, allowImports: o.allowImport });
  report(r.diagnostics);
  if (!r.graph || !r.analysis) return undefined;
  if (!o.train) return forwardView(r.graph, r.analysis);
  if (!r.training || !r.trainingAnalysis) return undefined;
  // Code generation is loaded only here: the plain picture needs none.
  const { stepKernels } = await import("../graph/kernels.js");
  const step = stepKernels(r.training, r.trainingAnalysis.memory.batch);
  if ("reason" in step) notice("note", `fused kernels not marked: ${step.reason}`);
  return trainingView(r.graph, r.training, analyse(r.training.graph, { batch: o.batch }), "kernels" in step ? step.kernels : undefined);
}

/**
 * Most boxes Graphviz is asked to lay out. Its time grows faster than the
 * graph: 2,100 boxes of residual blocks take about 3 s of CPU here, 4,200
 * about 10 s, 8,400 about 40 s. A larger picture is refused with the depth
 * that would fold it small enough; its DOT text is still written on request.
 */
export const MAX_LAYOUT_BOXES = 5000;

/** Why a view is too large to lay out, and the smallest --depth that fits, if one does. */
function tooLarge(whole: View, view: View): string {
  const deepest = whole.nodes.reduce((a, n) => Math.max(a, n.block.length), 0);
  let advice = "write .dot and lay it out with a native Graphviz";
  // The most detailed folding that fits: folding one level less never adds boxes.
  for (let d = deepest - 1; d >= 0; d--) {
    const boxes = foldView(whole, d).nodes.length;
    if (boxes <= MAX_LAYOUT_BOXES) {
      advice = `fold blocks with --depth ${d} (${boxes} boxes), or ${advice}`;
      break;
    }
  }
  return `${view.nodes.length} boxes are more than dlc lays out (at most ${MAX_LAYOUT_BOXES}): ${advice}`;
}

export async function runGraph(file: string, o: GraphOpts): Promise<number> {
  const whole = await viewOf(file, o);
  if (!whole) return 1;
  const view = o.depth === undefined ? whole : foldView(whole, o.depth);
  const out = o.out ?? `${whole.network}${o.train ? ".train" : ""}.svg`;
  const format = graphFormatOf(out);
  if (format !== "dot" && view.nodes.length > MAX_LAYOUT_BOXES) return fail(tooLarge(whole, view), 1);
  const dot = toDot(view);
  let text: string;
  try {
    text = format === "dot" ? dot : format === "svg" ? await layoutSvg(dot) : toHtml(view, await layoutSvg(dot));
  } catch (e) {
    if (e instanceof LayoutError) return fail(`${e.message}: fold blocks with --depth, or write .dot and lay it out with a native Graphviz`, 1);
    throw e;
  }
  try {
    writeFileAtomic(out, new TextEncoder().encode(text));
  } catch (e) {
    if (e instanceof FileWriteError) return fail(e.message, 1);
    throw e;
  }
  process.stderr.write(`wrote ${quoted(out)}: ${view.network}${o.train ? " (training step)" : ""}, ${view.nodes.length} boxes${o.depth === undefined ? "" : ` at depth ${o.depth}`}\n`);
  return 0;
}
