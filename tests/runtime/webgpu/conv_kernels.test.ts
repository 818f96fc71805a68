// The conv family on WebGPU against the reference executor (float32,
// relative error ≤ 1e-4): conv and conv_transpose forward, their input and
// weight gradients, and dense's gradients, all tiled implicit GEMMs, on the
// default template (the cases and the check: tests/helpers/conv_cases.ts).
// Every other template on a subset: conv_kernels_tuned.test.ts; the
// split-K and column-gradient rewrites: conv_kernels_rewrites.test.ts
// (split so that two test workers share the kernel compiles evenly).

import { describe, expect, it } from "vitest";
import { lowerGraph } from "../../../compiler/codegen/lower.js";
import { renderWgsl } from "../../../core/kernel/index.js";
import { GEMM_CANDIDATES } from "../../../host/tune/autotune.js";
import { execute } from "../../../reference/executor.js";
import { backwardKernels } from "../../../ops/implementations.js";
import { Rng } from "../../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../../core/tensor/tensor.js";
import { GpuExecutor } from "../../../host/webgpu/executor.js";
import { caseCut, cases, expectParity } from "../../helpers/conv_cases.js";
import { CONV_OPS, DENSE_OPS, trainingCut, weights } from "../../helpers/graph_cut.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";

const conv = CONV_OPS;
const dense = DENSE_OPS;

// Each case compiles three kernels: at most 3 s on an idle 2-core machine.
describe("conv-family WebGPU kernels match the reference executor (float32, 1e-4 relative)", { timeout: limitFor(3) }, () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await expectParity(caseCut(c), c.batch);
  });

  it("the direct template has no workgroup memory; dense reads vec4s along k when K allows", () => {
    const direct = GEMM_CANDIDATES.find((c) => c.kind === "direct")!;
    for (const [input, vec4] of [["[36]", true], ["[37]", false]] as const) {
      const g = trainingCut(input, "dense(13)", dense);
      const plan = lowerGraph(g, 3, 65535, () => direct);
      const fwd = renderWgsl(plan.kernels[g.nodes.find((n) => n.op === "dense")!.id]!);
      expect(fwd).toContain(", direct: no workgroup memory");
      expect(fwd).not.toContain("var<workgroup>");
      expect(fwd.includes("vec4 along k")).toBe(vec4);
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
      const desc = plan.kernels[n.id];
      if (!desc) continue;
      const code = renderWgsl(desc);
      const shared = [...code.matchAll(/var<workgroup> \w+: array<(?:f32|vec(\d)f), (\d+)>/g)].reduce((s, m) => s + Number(m[1] ?? 1) * Number(m[2]) * 4, 0);
      expect(shared, n.op).toBeGreaterThan(0);
      expect(shared, n.op).toBeLessThanOrEqual(16384);
      // 64 × 64 tiles of 8 × 8 invocations, 8 × 8 outputs each, TK = 8
      // (the width narrows when the problem has few tiles).
      expect(code, n.op).toMatch(/tile 64 × (64|32|16) × 8, 8 × (8|4|2) invocations of 8 × 8/);
      expect(code, n.op).toContain("workgroupBarrier()");
    }
  });
});
