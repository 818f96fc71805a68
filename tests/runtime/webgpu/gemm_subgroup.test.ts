// The subgroup GEMM template (ops/templates/gemm_subgroup.ts) on WebGPU
// against the reference executor (float32, relative error ≤ 1e-4), here on
// the GPU program's rewrites (split-K and column gradients) and in a fused
// training step, where fusion adds text around the kernel and
// `enable subgroups;` must stay first; then its kernels' text and when it
// is a candidate. Conv forward, data and weight gradients, conv_transpose
// and dense with sizes that divide nothing: gemm_subgroup_share_b.test.ts
// (the autotuner's candidate) and gemm_subgroup_shapes.test.ts (the other
// shapes), split so that two test workers share the kernel compiles evenly.
//
// The device cases need the `subgroups` feature and are skipped, saying
// so, without one.

import { describe, expect, it } from "vitest";
import { describeChoice, type GemmChoice } from "../../../ops/templates/gemm_choice.js";
import { lowerGraph } from "../../../compiler/codegen/lower.js";
import { renderWgsl } from "../../../core/kernel/index.js";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { colsDataGradients } from "../../../compiler/passes/cols_grad.js";
import { splitWeightGradients } from "../../../compiler/passes/split_k.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { GEMM_CANDIDATES, SUBGROUP_CANDIDATES, gemmCandidates } from "../../../host/tune/autotune.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { Rng } from "../../../core/tensor/rng.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { CONV_OPS, cut, trainingCut, trainingGraph, weights } from "../../helpers/graph_cut.js";
import { relativeError, runBoth, sharedDevice } from "../../helpers/gpu_parity.js";
import { everyCase, rewritten } from "../../helpers/subgroup_cases.js";
import { limitFor } from "../../helpers/time_limits.js";

const hasSubgroups = (await sharedDevice()).device.features.has("subgroups");
const reason = "skipped where the adapter offers no 'subgroups' feature";
const conv = CONV_OPS;

// The fused step compiles three training programs: about 10 s on an idle 2-core machine.
describe.skipIf(!hasSubgroups)(`the subgroup GEMM template on the device (${reason})`, { timeout: limitFor(10) }, () => {
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
        const code = renderWgsl(plan.kernels[n.id]!);
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
