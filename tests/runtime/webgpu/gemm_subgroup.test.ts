// The subgroup GEMM template (compiler/codegen/gemm_subgroup.ts) on WebGPU
// against the reference executor (float32, relative error ≤ 1e-4): conv
// forward, data and weight gradients, conv_transpose, dense forward and
// both gradients, split-K and column gradients, with sizes that divide nothing (M, N, K odd, K below the
// subgroup size, M = 1 depthwise, workgroups narrower than a subgroup),
// groups and a connection table; then a fused training step, where fusion
// adds text around the kernel and `enable subgroups;` must stay first.
//
// The cases cut the layer under test and its backward nodes out of a
// training graph, as tests/runtime/webgpu/conv_kernels.test.ts does. They
// need a device with the `subgroups` feature and are skipped, saying so,
// without one.

import { describe, expect, it } from "vitest";
import { describeChoice, type GemmChoice } from "../../../compiler/codegen/gemm.js";
import { lowerGraph } from "../../../compiler/codegen/lower.js";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { colsDataGradients } from "../../../compiler/passes/cols_grad.js";
import { splitWeightGradients } from "../../../compiler/passes/split_k.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { GEMM_CANDIDATES, SUBGROUP_CANDIDATES, gemmCandidates } from "../../../compiler/tune/autotune.js";
import { initParams } from "../../../runtime/reference/init.js";
import { Rng } from "../../../runtime/reference/rng.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { C3_TABLE, CONV_OPS, CONV_T_OPS, cut, DENSE_OPS, trainingCut, trainingGraph, weights } from "../../helpers/graph_cut.js";
import { relativeError, runBoth, sharedDevice } from "../../helpers/gpu_parity.js";

const hasSubgroups = (await sharedDevice()).device.features.has("subgroups");
const reason = "skipped where the adapter offers no 'subgroups' feature";

const conv = CONV_OPS;
const convT = CONV_T_OPS;
const dense = DENSE_OPS;
const c3 = C3_TABLE;

interface Case {
  readonly name: string;
  readonly input: string;
  readonly layer: string;
  readonly batch: number;
  readonly ops: readonly string[];
}

const cases: Case[] = [
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
const shareA: GemmChoice = { kind: "subgroup", shape: { share: "a", rm: 8, rn: 8, lanes: 64 } };
const everyCase = [...SUBGROUP_CANDIDATES, shareA];
const extraShapes: GemmChoice[] = [
  { kind: "subgroup", shape: { share: "a", rm: 16, rn: 4, lanes: 16 } },
  { kind: "subgroup", shape: { share: "b", rm: 8, rn: 8, lanes: 8 } },
];
const extraCases = cases.filter((c) => /several tiles|groups 2|K a multiple|under the subgroup/.test(c.name));
const runs = [...everyCase.flatMap((choice) => cases.map((c) => [c, choice] as const)), ...extraShapes.flatMap((choice) => extraCases.map((c) => [c, choice] as const))].map(
  ([c, choice]) => [`${describeChoice(choice)}: ${c.name}`, c, choice] as const,
);

describe.skipIf(!hasSubgroups)(`the subgroup GEMM template on the device (${reason})`, () => {
  it.each(runs)("matches the reference executor (float32, 1e-4 relative), %s", async (_name, c, choice) => {
    const g = trainingCut(c.input, c.layer, c.ops);
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    expect(ids.map((id) => g.nodes[id]!.op).sort()).toEqual([...c.ops].sort());
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5, gemmChoice: () => choice });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.op).toBeLessThan(1e-4);
  });

  // The GPU program's rewrites: split-K weight gradients (partial sums per
  // chunk of batch × pixels, then split_sum) and column data gradients
  // (conv_grad_cols's GEMM over the output maps, then col2im).
  const rewritten = [
    { name: "split-K weight gradient, conv groups 2, batch 40", input: "[4, 9, 9]", layer: "conv(6, k=3, g=2, p=1)", batch: 40, ops: [...conv, "split_sum"], rewrite: "split" },
    { name: "split-K weight gradient, dense, batch 700", input: "[9]", layer: "dense(5)", batch: 700, ops: [...dense, "split_sum"], rewrite: "split" },
    { name: "column data gradient, stride 2, padding 1", input: "[3, 9, 8]", layer: "conv(5, k=3, s=2, p=1)", batch: 3, ops: ["conv", "conv_grad_cols", "col2im"], rewrite: "cols" },
    { name: "column data gradient, LeNet's C3 table over a 14 × 14 map", input: "[6, 14, 14]", layer: `conv(16, k=5, table=${JSON.stringify(c3)})`, batch: 2, ops: ["conv", "conv_grad_cols", "col2im"], rewrite: "cols" },
  ] as const;
  const rewrittenRuns = everyCase.flatMap((choice) => rewritten.map((c) => [`${describeChoice(choice)}: ${c.name}`, c, choice] as const));
  it.each(rewrittenRuns)("matches the reference executor after a rewrite, %s", async (_name, c, choice) => {
    const training = trainingGraph(c.input, c.layer);
    const t = c.rewrite === "split" ? splitWeightGradients(training, c.batch) : colsDataGradients(training, c.batch);
    const g = cut(t.graph, c.ops);
    if (c.rewrite === "split") expect(g.nodes.some((n) => typeof n.attrs.splits === "number" && n.attrs.splits > 1), "a split gradient").toBe(true);
    else expect(g.nodes.some((n) => n.op === "conv_grad_cols"), "a column gradient").toBe(true);
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5, gemmChoice: () => choice });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.name).toBeLessThan(1e-4);
  });

  // Fusion puts bindings, epilogues and notes around a kernel's text; the
  // directive must still come first, or the module does not compile.
  it("a fused training step with subgroup GEMMs equals the default one", async () => {
    const text = `network f {
  input x: [3, 7, 7]
  y = x |> conv(5, k=3, p=1) |> relu |> conv(6, k=3, s=2) |> relu
  output logits = y |> flatten |> dense(4)
}
train f { loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1, momentum = 0.9) }
`;
    const r = checkFile("f.net", { text, train: true });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { device } = await sharedDevice();
    const rng = new Rng(4);
    const batch = 3;
    const feeds = new Map<string, Float32Array | Int32Array>([
      ["x", Float32Array.from({ length: batch * 3 * 7 * 7 }, () => rng.normal())],
      ["label", Int32Array.from([0, 3, 1])],
    ]);
    const init = new Map([...initParams(r.graph!, 2, "f32")].map(([k, t]) => [k, Float32Array.from(t.data)]));
    const step = async (choice?: GemmChoice) => {
      const program = buildTrainingProgram(r.training!, batch, choice ? { gemmChoice: () => choice } : {});
      const sub = program.kernels.filter((k) => k.code.includes("subgroupShuffle("));
      expect(sub.length > 0).toBe(choice !== undefined);
      for (const k of sub) expect(k.code.startsWith("enable subgroups;\n"), k.label).toBe(true);
      const runner = await ProgramRunner.create(device, program);
      runner.writeParams(init);
      const loss = await runner.run(feeds, { lr: 0.1, read: ["loss"] });
      const params = await runner.readParams();
      runner.destroy();
      return { loss: loss.get("loss")!, params };
    };
    const want = await step();
    for (const choice of everyCase) {
      const got = await step(choice);
      expect(relativeError(got.loss, want.loss), "loss").toBeLessThan(1e-4);
      for (const [name, v] of want.params) expect(relativeError(got.params.get(name)!, v), name).toBeLessThan(1e-4);
    }
  });
});

describe("the subgroup GEMM template's kernels and candidacy", () => {
  it("starts with `enable subgroups;`, has no workgroup memory or barriers, and shuffles", () => {
    const g = trainingCut("[3, 9, 11]", "conv(5, k=3, s=2, p=1)", conv);
    for (const choice of everyCase) {
      const plan = lowerGraph(g, 3, 65535, () => choice);
      for (const n of g.nodes.filter((x) => x.op !== "input")) {
        const code = plan.kernels[n.id]!.code;
        expect(code.startsWith("enable subgroups;\n"), n.op).toBe(true);
        expect(code, n.op).toContain("subgroupShuffle(");
        expect(code, n.op).not.toContain("var<workgroup>");
        expect(code, n.op).not.toContain("workgroupBarrier");
      }
    }
  });

  it("is a candidate only where the device has the feature", () => {
    expect(gemmCandidates(new Set())).toEqual(GEMM_CANDIDATES);
    expect(gemmCandidates(new Set(["timestamp-query"]))).toEqual(GEMM_CANDIDATES);
    expect(gemmCandidates(new Set(["subgroups"]))).toEqual([...GEMM_CANDIDATES, ...SUBGROUP_CANDIDATES]);
    expect(GEMM_CANDIDATES.some((c) => c.kind === "subgroup")).toBe(false);
  });
});
