// The subgroup GEMM template's cases (tests/runtime/webgpu/gemm_subgroup*.test.ts):
// sizes that divide nothing (M, N, K odd, K below the subgroup size, M = 1
// depthwise, workgroups narrower than a subgroup), groups and a connection
// table, each cut out of a training graph as tests/helpers/graph_cut.ts does.

import { describeChoice, type GemmChoice } from "../../ops/templates/gemm_choice.js";
import { SUBGROUP_CANDIDATES } from "../../host/tune/autotune.js";
import { C3_TABLE, CONV_OPS, CONV_T_OPS, DENSE_OPS } from "./graph_cut.js";

const conv = CONV_OPS;
const convT = CONV_T_OPS;
const dense = DENSE_OPS;
const c3 = C3_TABLE;

export interface Case {
  readonly name: string;
  readonly input: string;
  readonly layer: string;
  readonly batch: number;
  readonly ops: readonly string[];
}

export const cases: Case[] = [
  // M = 5 output channels: lanes along m are 2, fewer than a subgroup.
  { name: "conv stride 2, padding 1 (M 5, N 90, K 27)", input: "[3, 9, 11]", layer: "conv(5, k=3, s=2, p=1)", batch: 3, ops: conv },
  { name: "conv groups 2, stride [1, 2]", input: "[4, 7, 7]", layer: "conv(6, k=3, g=2, p=1, s=[1, 2])", batch: 3, ops: conv },
  { name: "conv depthwise, stride 2, no bias (M 1)", input: "[5, 8, 8]", layer: "conv(5, k=3, g=5, s=2, p=1, bias=false)", batch: 3, ops: conv },
  { name: "conv with LeNet's C3 connection table", input: "[6, 10, 10]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 3, ops: conv },
  { name: "conv over several tiles (M 70, K 144)", input: "[16, 11, 12]", layer: "conv(70, k=3, p=1)", batch: 3, ops: conv },
  { name: "conv_transpose k4 s2 p1 (DCGAN), no bias", input: "[8, 5, 5]", layer: "conv_transpose(5, k=4, s=2, p=1, bias=false)", batch: 3, ops: convT },
  { name: "dense on rank 1 (K 37)", input: "[37]", layer: "dense(13)", batch: 3, ops: dense },
  { name: "dense on rank 3 (leading axes reduce too)", input: "[3, 5, 7]", layer: "dense(11)", batch: 3, ops: dense },
  { name: "dense over several tiles, batch 1 (M 1, N 67, K 70)", input: "[70]", layer: "dense(67)", batch: 1, ops: dense },
  { name: "dense with K a multiple of 4 (vec4 loads along k)", input: "[36]", layer: "dense(13)", batch: 5, ops: dense },
  // K = 3 and, for the weight gradient, K = batch = 2: fewer k steps than lanes.
  { name: "dense with K under the subgroup size", input: "[3]", layer: "dense(5)", batch: 2, ops: dense },
];

// The autotuner's subgroup candidates and lanes sharing A (the template's
// other form) on every case; two other shapes (the widest rows, 16 × 4, and
// a narrow workgroup of 8 lanes) on a few.
export const shareA: GemmChoice = { kind: "subgroup", shape: { share: "a", rm: 8, rn: 8, lanes: 64 } };
export const everyCase = [...SUBGROUP_CANDIDATES, shareA];
export const extraShapes: GemmChoice[] = [
  { kind: "subgroup", shape: { share: "a", rm: 16, rn: 4, lanes: 16 } },
  { kind: "subgroup", shape: { share: "b", rm: 8, rn: 8, lanes: 8 } },
];
export const extraCases = cases.filter((c) => /several tiles|groups 2|K a multiple|under the subgroup/.test(c.name));

/** [title, case, choice] for `it.each`: every case on `choices`, then the few cases on `extra`. */
export function runsOf(choices: readonly GemmChoice[], extra: readonly GemmChoice[] = []) {
  return [...choices.flatMap((choice) => cases.map((c) => [c, choice] as const)), ...extra.flatMap((choice) => extraCases.map((c) => [c, choice] as const))].map(
    ([c, choice]) => [`${describeChoice(choice)}: ${c.name}`, c, choice] as const,
  );
}

// The GPU program's rewrites: split-K weight gradients (partial sums per
// chunk of batch × pixels, then split_sum) and column data gradients
// (conv_grad_cols's GEMM over the output maps, then col2im).
export const rewritten = [
  { name: "split-K weight gradient, conv groups 2, batch 40", input: "[4, 9, 9]", layer: "conv(6, k=3, g=2, p=1)", batch: 40, ops: [...conv, "split_sum"], rewrite: "split" },
  { name: "split-K weight gradient, dense, batch 700", input: "[9]", layer: "dense(5)", batch: 700, ops: [...dense, "split_sum"], rewrite: "split" },
  { name: "column data gradient, stride 2, padding 1", input: "[3, 9, 8]", layer: "conv(5, k=3, s=2, p=1)", batch: 3, ops: ["conv", "conv_grad_cols", "col2im"], rewrite: "cols" },
  { name: "column data gradient, LeNet's C3 table over a 14 × 14 map", input: "[6, 14, 14]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 2, ops: ["conv", "conv_grad_cols", "col2im"], rewrite: "cols" },
] as const;
