// The GPU program's rewrites of the conv family on WebGPU against the
// reference executor in float32 (the check: tests/helpers/conv_cases.ts):
// split-K weight gradients and column data gradients.

import { describe, expect, it } from "vitest";
import { describeChoice } from "../../../ops/templates/gemm_choice.js";
import { colsDataGradients } from "../../../compiler/passes/cols_grad.js";
import { splitWeightGradients } from "../../../compiler/passes/split_k.js";
import { GEMM_CANDIDATES } from "../../../host/tune/autotune.js";
import { expectParity } from "../../helpers/conv_cases.js";
import { C3_TABLE, CONV_OPS, cut, DENSE_OPS, trainingGraph } from "../../helpers/graph_cut.js";
import { limitFor } from "../../helpers/time_limits.js";

const conv = CONV_OPS;
const dense = DENSE_OPS;
const c3 = C3_TABLE;

// Each case compiles three or four kernels: at most 4 s on an idle 2-core machine.
describe("rewritten conv-family WebGPU kernels match the reference executor (float32, 1e-4 relative)", { timeout: limitFor(4) }, () => {
  // Split-K (compiler/passes/split_k.ts): weight gradients as partial sums
  // over chunks of batch × pixels, then split_sum. The reference's split
  // kernels equal its unsplit ones (tests/compiler/split_k.test.ts).
  const splitCases = [
    { name: "conv groups 2, batch 40", input: "[4, 9, 9]", layer: "conv(6, k=3, g=2, p=1)", batch: 40, ops: conv },
    { name: "conv with LeNet's C3 connection table, batch 24", input: "[6, 10, 10]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 24, ops: conv },
    { name: "dense, batch 700", input: "[9]", layer: "dense(5)", batch: 700, ops: dense },
  ];
  it.each(splitCases.map((c) => [c.name, c] as const))("split-K weight gradient: %s", async (_name, c) => {
    const training = trainingGraph(c.input, c.layer);
    const g = cut(splitWeightGradients(training, c.batch).graph, [...c.ops, "split_sum"]);
    const partial = g.nodes.find((n) => typeof n.attrs.splits === "number" && n.attrs.splits > 1);
    expect(partial, "a split gradient").toBeDefined();
    await expectParity(g, c.batch);
  });

  // Column data gradients (compiler/passes/cols_grad.ts): conv_grad_cols's
  // GEMM over the output maps, then col2im's gather, on every template.
  const colsCases = [
    { name: "stride 2, padding 1", input: "[3, 9, 8]", layer: "conv(5, k=3, s=2, p=1)", batch: 3 },
    { name: "1 × 1 stride 2", input: "[6, 8, 7]", layer: "conv(5, k=1, s=2)", batch: 2 },
    { name: 'groups 2, stride [2, 1], "same"', input: "[4, 7, 9]", layer: 'conv(6, k=3, g=2, s=[2, 1], p="same")', batch: 3 },
    { name: "dilation 2, stride 2, rectangular kernel", input: "[2, 11, 10]", layer: "conv(3, k=[3, 2], d=2, s=2)", batch: 2 },
    { name: "LeNet's C3 table over a 14 × 14 map", input: "[6, 14, 14]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 2 },
  ];
  const colsRuns = [undefined, ...GEMM_CANDIDATES.slice(1)].flatMap((choice) => colsCases.filter((c, i) => !choice || i % 2 === 0).map((c) => [`${choice ? describeChoice(choice) : "default"}: ${c.name}`, c, choice] as const));
  it.each(colsRuns)("column data gradient, %s", async (_name, c, choice) => {
    const training = trainingGraph(c.input, c.layer);
    const g = cut(colsDataGradients(training, c.batch).graph, ["conv", "conv_grad_cols", "col2im"]);
    expect(g.nodes.filter((n) => n.op !== "input").map((n) => n.op).sort()).toEqual(["col2im", "conv", "conv_grad_cols"]);
    await expectParity(g, c.batch, choice);
  });
});
