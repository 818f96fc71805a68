// DOT to SVG with Graphviz's own `dot` layout, compiled to WebAssembly
// (@viz-js/viz: no native Graphviz to install, the same layout everywhere).
// Loaded on first use: only `dlc graph` pays for the module, and the
// instance is kept for the life of the process.

import type { Viz } from "@viz-js/viz";

let viz: Promise<Viz> | undefined;

function instance(): Promise<Viz> {
  viz ??= import("@viz-js/viz").then((m) => m.instance());
  return viz;
}

/** Graphviz could not lay the text out: its own messages, for a diagnostic (a bug in dot.ts if it happens). */
export class LayoutError extends Error {}

/**
 * Graphviz sized the text with Helvetica's metrics and names only
 * "Helvetica,sans-Serif"; where no font answers to Helvetica (Linux, an
 * SVG rasteriser) the generic sans-serif is often wider and text spills
 * out of its box. Helvetica's metric-compatible twins come first instead.
 */
const FONT_FAMILY = /font-family="Helvetica(,sans-Serif)?"/g;
const METRIC_TWINS = 'font-family="Helvetica,Arial,Liberation Sans,Arimo,sans-serif"';

/** The SVG of a DOT text, laid out by `dot`. */
export async function layoutSvg(dot: string): Promise<string> {
  const viz = await instance();
  let r: ReturnType<Viz["render"]>;
  try {
    r = viz.render(dot, { format: "svg", engine: "dot" });
  } catch (e) {
    // Graphviz's recursion runs on WebAssembly's stack, which a huge graph can exhaust.
    if (e instanceof RangeError) throw new LayoutError(`Graphviz ran out of stack laying out this graph (${e.message})`);
    throw e;
  }
  if (r.status !== "success") throw new LayoutError(r.errors.map((e) => e.message).join("; ") || "Graphviz failed without a message");
  return r.output.replace(FONT_FAMILY, METRIC_TWINS);
}
