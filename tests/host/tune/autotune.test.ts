// The autotuner on the real device: it times every GEMM problem of a
// training step once (one entry per problem key, whichever node has it),
// picks the fastest it measured and skips problems already known. (Each
// candidate's parity with the reference: tests/runtime/webgpu/conv_kernels.)
import { describe, expect, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { GEMM_CANDIDATES, tuneGemms } from "../../../host/tune/autotune.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";

const text = `network t {
  input x: [2, 6, 6]
  y = x |> conv(4, k=3, p=1) |> relu |> conv(4, k=3, p=1) |> relu
  output logits = y |> flatten |> dense(3)
}
train t { loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1) }
`;

describe("GEMM autotuner", () => {
  it("times each problem once, on every candidate, and keeps the fastest", async () => {
    const r = checkFile("t.net", { text, train: true });
    const { device } = await sharedDevice();
    const build = (opts: object) => buildTrainingProgram(r.training!, 2, opts);
    const tuned = await tuneGemms(device, build, { reps: 1, candidates: GEMM_CANDIDATES.slice(0, 3) });
    const keys = tuned.map((t) => t.key);
    // conv twice with the same shape is one problem; conv2's data gradient, both weight
    // gradients (equal shapes: one problem), dense and its two gradients.
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(["conv 4x72x18x1", "conv 4x72x36x1", "conv_grad_input 4x72x36x1", "conv_grad_weight 4x18x72x1", "conv_grad_weight 4x36x72x1", "dense 2x3x144x1", "dense_grad_input 2x144x3x1", "dense_grad_weight 3x144x2x1"].sort());
    for (const t of tuned) {
      expect(GEMM_CANDIDATES.slice(0, 3)).toContainEqual(t.choice);
      expect(t.ms).toBeGreaterThan(0);
      expect(t.ms).toBeLessThanOrEqual(t.defaultMs);
    }
    const again = await tuneGemms(device, build, { reps: 1, known: new Set(keys) });
    expect(again).toEqual([]);
  });
});
