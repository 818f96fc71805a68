// The conv family on WebGPU against the reference executor (float32,
// relative error ≤ 1e-4): conv and conv_transpose forward, their input and
// weight gradients, and dense's gradients, all tiled implicit GEMMs.
//
// Each case compiles a tiny network with a training section and input
// gradients, then cuts out of the training graph the forward layer and its
// backward nodes: every value they read that is not one of them (dy, which
// the loss gradient would make) becomes a fresh input with random data. So
// only the kernels under test run, on both executors. Sizes are odd on
// purpose (nothing divides the 64 × 64 tile) and kept small for SwiftShader;
// one case has M > 64 and K > 16 to cover several tiles and K steps.

import { describe, expect, it } from "vitest";
import { lowerGraph } from "../../../compiler/codegen/lower.js";
import { describeChoice } from "../../../compiler/codegen/gemm.js";
import { GEMM_CANDIDATES } from "../../../compiler/tune/autotune.js";
import { splitWeightGradients } from "../../../compiler/passes/split_k.js";
import { colsDataGradients } from "../../../compiler/passes/cols_grad.js";
import { execute } from "../../../runtime/reference/executor.js";
import { backwardKernels } from "../../../runtime/reference/kernels/grad/index.js";
import { Rng } from "../../../runtime/reference/rng.js";
import { fromArray, type Tensor } from "../../../runtime/reference/tensor.js";
import { GpuExecutor } from "../../../runtime/webgpu/executor.js";
import { C3_TABLE, CONV_OPS, CONV_T_OPS, cut, DENSE_OPS, trainingCut, trainingGraph, weights } from "../../helpers/graph_cut.js";
import { relativeError, runBoth, sharedDevice } from "../../helpers/gpu_parity.js";

interface Case {
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

const cases: Case[] = [
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

describe("conv-family WebGPU kernels match the reference executor (float32, 1e-4 relative)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const g = trainingCut(c.input, c.layer, c.ops);
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    expect(ids.map((id) => g.nodes[id]!.op).sort()).toEqual([...c.ops].sort());
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5 });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.op).toBeLessThan(1e-4);
  });

  // Every template and tile the autotuner may pick (compiler/tune/) keeps
  // parity, on the cases with odd sizes, groups, tables and several tiles.
  const tunedCases = cases.filter((c) => /several tiles|groups 2, stride|C3|dense on rank 3|multiple of 4|depthwise, stride 2|DCGAN|1 × 1 output, (stride|dilation)/.test(c.name));
  const tuned = GEMM_CANDIDATES.slice(1).flatMap((choice) => tunedCases.map((c) => [`${describeChoice(choice)}: ${c.name}`, c, choice] as const));
  it.each(tuned)("%s", async (_name, c, choice) => {
    const g = trainingCut(c.input, c.layer, c.ops);
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5, gemmChoice: () => choice });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.op).toBeLessThan(1e-4);
  });

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
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5 });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.name).toBeLessThan(1e-4);
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
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5, gemmChoice: choice ? () => choice : undefined });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.name).toBeLessThan(1e-4);
  });

  it("the direct template has no workgroup memory; dense reads vec4s along k when K allows", () => {
    const direct = GEMM_CANDIDATES.find((c) => c.kind === "direct")!;
    for (const [input, vec4] of [["[36]", true], ["[37]", false]] as const) {
      const g = trainingCut(input, "dense(13)", dense);
      const plan = lowerGraph(g, 3, 65535, () => direct);
      const fwd = plan.kernels[g.nodes.find((n) => n.op === "dense")!.id]!;
      expect(fwd.code).toContain(", direct: no workgroup memory");
      expect(fwd.code).not.toContain("var<workgroup>");
      expect(fwd.code.includes("vec4 along k")).toBe(vec4);
    }
  });

  it("folds the workgroups into y and z past the per-dimension limit (limit 3)", async () => {
    const g = trainingCut("[3, 20, 20]", "conv(5, k=3, p=1)", conv);
    const batch = 3;
    const params = weights(g);
    const rng = new Rng(3);
    const feeds = new Map<string, Tensor>();
    const gpuFeeds = new Map<string, Float32Array>();
    for (const id of g.inputs) {
      const n = g.nodes[id]!;
      const shape = [batch, ...n.shape];
      const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
      feeds.set(n.name, fromArray(shape, values, "f32"));
      gpuFeeds.set(n.name, values);
    }
    const ref = execute(g, { feeds, params, batch, precision: "f32", kernels: backwardKernels });
    const plan = lowerGraph(g, batch, 3);
    expect(plan.kernels.some((k) => k !== undefined && k.dispatch[2] > 1)).toBe(true);
    const { device } = await sharedDevice();
    const gpu = await GpuExecutor.create(device, g, plan);
    gpu.writeParams(new Map([...params].map(([k, t]) => [k, Float32Array.from(t.data)])));
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const out = await gpu.run(gpuFeeds, ids);
    gpu.destroy();
    for (const id of ids) expect(relativeError(out.get(id)!, ref.values[id]!.data), g.nodes[id]!.op).toBeLessThan(1e-4);
  });

  it("uses workgroup tiles within 16 KiB and a register tile per invocation", () => {
    const g = trainingCut("[64, 20, 20]", "conv(96, k=3, p=1)", conv);
    const plan = lowerGraph(g, 8);
    for (const n of g.nodes) {
      const k = plan.kernels[n.id];
      if (!k) continue;
      const shared = [...k.code.matchAll(/var<workgroup> \w+: array<(?:f32|vec(\d)f), (\d+)>/g)].reduce((s, m) => s + Number(m[1] ?? 1) * Number(m[2]) * 4, 0);
      expect(shared, n.op).toBeGreaterThan(0);
      expect(shared, n.op).toBeLessThanOrEqual(16384);
      // 64 × 64 tiles of 8 × 8 invocations, 8 × 8 outputs each, TK = 8
      // (the width narrows when the problem has few tiles).
      expect(k.code, n.op).toMatch(/tile 64 × (64|32|16) × 8, 8 × (8|4|2) invocations of 8 × 8/);
      expect(k.code, n.op).toContain("workgroupBarrier()");
    }
  });
});
