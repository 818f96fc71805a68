// A warning for `dense` on a feature map. dense acts on the last axis and
// keeps the others as a batch (PyTorch's nn.Linear), so VGG's classifier
// without `flatten` is valid: dense(1000) on [512, 7, 7] gives
// [512, 7, 1000], mixing only along W, and nothing fails until the labels
// do not fit. What counts: an input of rank 3 or more ([C, H, W] maps and
// anything larger). Rank 2 is left alone: [tokens, features] is the shape
// dense is meant for in sequence and attention models, where it projects
// every token; rank 1 is the classifier's flattened vector. A per-position
// dense on a map is rare, and the warning does not fail the check.

import { warning, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { formatShape, type Graph } from "../../core/ir/graph.js";

/** The lowest input rank that is taken for a feature map. */
export const MAP_RANK = 3;

/** One warning per dense layer written in the source (a block applied many times warns once). */
export function denseOnMapWarnings(g: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const n of g.nodes) {
    if (n.op !== "dense") continue;
    const x = g.nodes[n.inputs[0]!]!.shape;
    if (x.length < MAP_RANK) continue;
    const at = n.span ? `${n.span.source.path}:${n.span.start}:${n.span.end}` : `#${n.id}`;
    if (seen.has(at)) continue;
    seen.add(at);
    out.push(
      warning(`dense '${n.name}' acts on the last axis of its ${formatShape(x)} input only, giving ${formatShape(n.shape)}`, n.span, {
        expected: "a flattened input: `|> flatten |> dense(…)`, or `|> gap |> dense(…)` to average each channel first",
        notes: [`note: dense keeps the leading axes ${formatShape(x.slice(0, -1))} and applies the same weights along them, as PyTorch's nn.Linear does`],
      }),
    );
  }
  return out;
}
