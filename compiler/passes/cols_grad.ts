// Column data gradients, a rewrite of the training graph at a fixed batch,
// before it becomes a GPU program.
//
// conv_grad_input runs as one implicit GEMM that, for every input pixel,
// reduces over every output map and every tap (kernel/conv_grad_input.ts).
// Where the conv has stride s, only 1/s² of those taps hit an output
// pixel; where the kernel is large against the map (LeNet-5's C3: 5 × 5
// over 14 × 14) many fall off the edge; those are multiplications by zero.
// Such a node becomes two: conv_grad_cols, a GEMM over the output maps alone
// that gives each (input map, tap, output pixel) its value, and col2im,
// which adds each value into the pixel its tap read. The work is then the
// forward conv's, plus one write and one read of the columns.
//
// A node is rewritten when the one-step form does at least WASTE times
// the useful multiply-adds and its columns take at most COLS_LIMIT bytes
// or four times the gradient's (a ResNet's stride-2 3 × 3 conv: 9/4).
// Convs to a 1 × 1 output keep the one-step form, which has its own exact
// GEMM (K = out channels).

import type { Graph, Node } from "../../core/ir/graph.js";
import { pairAttr, resolvePad } from "../../ops/contract.js";
import type { TrainingGraph } from "./autodiff.js";
import { expandNodes } from "./expand_nodes.js";
import { convColsShape } from "../../ops/shared/conv.js";

const WASTE = 1.5;
const COLS_LIMIT = 16 * 2 ** 20;

/** Along one axis: how many (output index, tap) pairs read an input index (not padding). */
function usefulTaps(size: number, out: number, k: number, stride: number, dil: number, pad: number): number {
  let n = 0;
  for (let o = 0; o < out; o++) for (let t = 0; t < k; t++) {
    const i = o * stride - pad + t * dil;
    if (i >= 0 && i < size) n++;
  }
  return n;
}

/** The one-step form's multiply-adds over the useful ones, and the columns' size per sample (values). */
export function colsTradeoff(n: Node, g: Graph): { waste: number; colsPerSample: number; dxPerSample: number } | undefined {
  if (n.op !== "conv_grad_input") return undefined;
  const [C, H, W] = n.shape as [number, number, number];
  const [, OH, OW] = g.nodes[n.inputs[0]!]!.shape as [number, number, number];
  const [kh, kw] = pairAttr(n.attrs, "kernel");
  const [sh, sw] = pairAttr(n.attrs, "stride");
  const [dh, dw] = pairAttr(n.attrs, "dilation");
  const ph = resolvePad(n.attrs.padding!, 0, H, kh, sh, dh)[0];
  const pw = resolvePad(n.attrs.padding!, 1, W, kw, sw, dw)[0];
  const useful = usefulTaps(H, OH, kh, sh, dh, ph) * usefulTaps(W, OW, kw, sw, dw, pw);
  return { waste: (H * W * kh * kw) / Math.max(1, useful), colsPerSample: C * kh * kw * OH * OW, dxPerSample: C * H * W };
}

/** Whether a conv_grad_input of this graph, at this batch, takes the column form. */
export function wantsCols(n: Node, g: Graph, batch: number): boolean {
  const t = colsTradeoff(n, g);
  if (!t) return false;
  const [, OH, OW] = g.nodes[n.inputs[0]!]!.shape as [number, number, number];
  if (OH * OW === 1) return false;
  return t.waste >= WASTE && t.colsPerSample * batch * 4 <= Math.max(COLS_LIMIT, 4 * t.dxPerSample * batch * 4);
}

/** The training graph with its wasteful data gradients in column form (see the header); itself when none is. */
export function colsDataGradients(t: TrainingGraph, batch: number): TrainingGraph {
  const g = t.graph;
  return expandNodes(t, (n, inputs, at) => {
    if (!wantsCols(n, g, batch)) return undefined;
    const cols = convColsShape({ inputs: [g.nodes[n.inputs[0]!]!.shape], attrs: n.attrs });
    return [
      { ...n, name: `${n.name}.cols`, op: "conv_grad_cols", inputs, shape: cols },
      { ...n, op: "col2im", inputs: [at(0)], params: {} },
    ];
  });
}
