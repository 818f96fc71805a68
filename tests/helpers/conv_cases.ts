// The conv family's kernel cases (tests/runtime/webgpu/conv_kernels*.test.ts)
// and the parity check each runs: compile a tiny network with a training
// section and input gradients, cut out of its training graph the forward
// layer and its backward nodes (tests/helpers/graph_cut.ts), run the cut
// on WebGPU and on the reference executor in float32, and expect every
// node within 1e-4 relative. Sizes are odd on purpose (nothing divides the
// 64 × 64 tile) and kept small for SwiftShader; one case has M > 64 and
// K > 16 to cover several tiles and K steps.

import { expect } from "vitest";
import type { GemmChoice } from "../../ops/templates/gemm_choice.js";
import type { Graph } from "../../core/ir/graph.js";
import { C3_TABLE, CONV_OPS, CONV_T_OPS, DENSE_OPS, trainingCut, weights } from "./graph_cut.js";
import { relativeError, runBoth } from "./gpu_parity.js";

export interface Case {
  readonly name: string;
  readonly input: string;
  readonly layer: string;
  readonly batch: number;
  readonly ops: readonly string[];
}

const conv = CONV_OPS;
const convT = CONV_T_OPS;
const dense = DENSE_OPS;
const c3 = C3_TABLE;

export const cases: Case[] = [
  { name: "conv stride 2, padding 1", input: "[3, 9, 11]", layer: "conv(5, k=3, s=2, p=1)", batch: 3, ops: conv },
  // "same" with odd total padding: [1, 2] rows (the extra one after), [0, 1] columns.
  { name: 'conv "same", stride [1, 2], rectangular kernel, batch 1', input: "[2, 9, 8]", layer: 'conv(4, k=[4, 3], s=[1, 2], p="same")', batch: 1, ops: conv },
  { name: "conv dilation 2", input: "[3, 9, 9]", layer: "conv(6, k=3, d=2, p=2)", batch: 3, ops: conv },
  { name: "conv groups 2, stride [1, 2]", input: "[4, 7, 7]", layer: "conv(6, k=3, g=2, p=1, s=[1, 2])", batch: 3, ops: conv },
  { name: "conv depthwise, stride 2, no bias", input: "[5, 8, 8]", layer: "conv(5, k=3, g=5, s=2, p=1, bias=false)", batch: 3, ops: conv },
  { name: "conv depthwise multiplier 2, batch 1", input: "[3, 6, 6]", layer: "conv(6, k=3, g=3)", batch: 1, ops: conv },
  { name: "conv 1×1", input: "[7, 5, 6]", layer: "conv(9, k=1)", batch: 3, ops: conv },
  { name: "conv with LeNet's C3 connection table", input: "[6, 10, 10]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 3, ops: conv },
  // A 1 × 1 output takes conv_grad_input's other GEMM (K = out channels).
  { name: "conv to a 1 × 1 output (LeNet's C5)", input: "[4, 5, 5]", layer: "conv(7, k=5)", batch: 3, ops: conv },
  { name: "conv to a 1 × 1 output, padding 1, rectangular kernel", input: "[3, 3, 4]", layer: "conv(5, k=[5, 6], p=1)", batch: 2, ops: conv },
  { name: "conv to a 1 × 1 output, stride 2 (a row and a column under no tap)", input: "[3, 6, 6]", layer: "conv(4, k=5, s=2)", batch: 3, ops: conv },
  { name: "conv to a 1 × 1 output, dilation 2, groups 2", input: "[4, 5, 5]", layer: "conv(6, k=3, d=2, g=2)", batch: 3, ops: conv },
  { name: "conv to a 1 × 1 output with LeNet's C3 table", input: "[6, 5, 5]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 2, ops: conv },
  { name: "conv over several tiles (M = 70, K = 144)", input: "[16, 11, 12]", layer: "conv(70, k=3, p=1)", batch: 3, ops: conv },
  { name: "conv_transpose stride 2, padding 1, output_padding 1", input: "[3, 5, 4]", layer: "conv_transpose(4, k=3, s=2, p=1, output_padding=1)", batch: 3, ops: convT },
  { name: "conv_transpose groups 2, dilation 2, stride [2, 1], batch 1", input: "[4, 4, 5]", layer: "conv_transpose(6, k=3, d=2, g=2, s=[2, 1])", batch: 1, ops: convT },
  { name: "conv_transpose k4 s2 p1 (DCGAN), no bias", input: "[8, 5, 5]", layer: "conv_transpose(5, k=4, s=2, p=1, bias=false)", batch: 3, ops: convT },
  { name: "dense on rank 1", input: "[37]", layer: "dense(13)", batch: 3, ops: dense },
  { name: "dense on rank 3 (leading axes reduce too)", input: "[3, 5, 7]", layer: "dense(11)", batch: 3, ops: dense },
  { name: "dense over several tiles, batch 1", input: "[70]", layer: "dense(67)", batch: 1, ops: dense },
  { name: "dense with K a multiple of 4 (the direct template's vec4 loads)", input: "[36]", layer: "dense(13)", batch: 5, ops: dense },
];

/** Every node of `g` but its inputs, on both executors, within 1e-4 relative. */
export async function expectParity(g: Graph, batch: number, choice?: GemmChoice): Promise<void> {
  const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
  const { gpu, ref } = await runBoth(g, batch, ids, { params: weights(g), seed: 5, gemmChoice: choice ? () => choice : undefined });
  for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.name).toBeLessThan(1e-4);
}

/** A case's cut: the layer and its backward nodes, exactly the case's ops. */
export function caseCut(c: Case): Graph {
  const g = trainingCut(c.input, c.layer, c.ops);
  expect(g.nodes.filter((n) => n.op !== "input").map((n) => n.op).sort()).toEqual([...c.ops].sort());
  return g;
}
