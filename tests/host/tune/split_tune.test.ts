// The split-K tuner: which counts it tries, that a chooser's count reaches
// the graph (clamped, and only where the rule of thumb would split), and on
// the device that it times every problem once, keeps a count it tried, and
// that the tuned program trains as the untuned one does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildTrainingProgram, type ProgramOptions } from "../../../compiler/codegen/program.js";
import { splitWeightGradients } from "../../../compiler/passes/split_k.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { GEMM_CANDIDATES } from "../../../host/tune/autotune.js";
import { tunedOptions } from "../../../host/tune/tuned_options.js";
import { loadSplits } from "../../../host/tune/cache.js";
import { splitCandidates, tuneSplits } from "../../../host/tune/split_tune.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";

// conv1's weight gradient at batch 8 is 4 × 18 outputs over 8·12·12 = 1152
// values of k (the rule: 4 partial sums); conv2's over 8·6·6 = 288 (whole).
const text = `network s {
  input x: [2, 12, 12]
  y = x |> conv(4, k=3, p=1) |> relu |> maxpool(k=2) |> conv(4, k=3, p=1) |> relu
  output logits = y |> flatten |> dense(3)
}
train s { loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1, momentum = 0.9) }
`;
const BATCH = 8;
const training = checkFile("s.net", { text, train: true }).training!;
const build = (opts: ProgramOptions) => buildTrainingProgram(training, BATCH, opts);

const dir = mkdtempSync(join(tmpdir(), "dlc-split-tune-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The slowest test (tuning, then three programs trained) about 18 s on an idle 2-core machine.
describe("split-K tuner", { timeout: limitFor(18) }, () => {
  it("tries none, a quarter, the rule's count and twice it, within the limit", () => {
    expect(splitCandidates(64, 64)).toEqual([1, 16, 64]);
    expect(splitCandidates(8, 64)).toEqual([1, 2, 8, 16]);
    expect(splitCandidates(2, 3)).toEqual([1, 2, 3]);
  });

  it("passes a chooser's count to the graph, clamped, and asks only where the rule splits", () => {
    const asked: { key: string; node: string; heuristic: number; max: number }[] = [];
    const split = (answer: number | undefined) =>
      splitWeightGradients(training, BATCH, (key, node, limits) => {
        asked.push({ key, node, ...limits });
        return answer;
      });
    const countOf = (t: ReturnType<typeof split>) => t.graph.nodes.find((n) => n.name === "grad.conv1.conv_grad_weight.partial")?.attrs.splits ?? 1;
    expect(countOf(split(undefined))).toBe(4);
    expect(asked).toEqual([{ key: "conv_grad_weight 4x18x1152x1", node: "grad.conv1.conv_grad_weight", heuristic: 4, max: 4 }]);
    expect(countOf(split(2))).toBe(2);
    expect(countOf(split(99))).toBe(4);
    expect(countOf(split(1))).toBe(1);
    expect(split(1).graph.nodes.some((n) => n.op === "split_sum")).toBe(false);
  });

  it("times each problem's candidates on the device and keeps one it tried", async () => {
    const { device } = await sharedDevice();
    const { splits, gemms } = await tuneSplits(device, build, { reps: 1, candidates: GEMM_CANDIDATES.slice(0, 2) });
    expect(splits.map((s) => [s.key, s.heuristic])).toEqual([["conv_grad_weight 4x18x1152x1", 4]]);
    const s = splits[0]!;
    expect(splitCandidates(4, 4)).toContain(s.splits);
    expect(s.ms).toBeGreaterThan(0);
    expect(s.ms).toBeLessThanOrEqual(s.heuristicMs);
    // The templates were searched for the weight gradients only.
    expect(gemms.length).toBeGreaterThan(0);
    expect(gemms.every((g) => g.key.startsWith("conv_grad_weight ") || g.key.startsWith("dense_grad_weight "))).toBe(true);
    expect((await tuneSplits(device, build, { reps: 1, known: new Set([s.key]) })).splits).toEqual([]);
  });

  it("caches the counts, and the tuned program trains as the rule's does", async () => {
    const h = await sharedDevice();
    const id = "test device / split tune";
    const prev = process.env.DLC_TUNE_CACHE;
    process.env.DLC_TUNE_CACHE = join(dir, "tuning.json");
    try {
      const tuned = await tunedOptions(h.device, id, build, { reps: 1, candidates: GEMM_CANDIDATES.slice(0, 1) });
      expect(tuned.splits).toHaveLength(1);
      expect(loadSplits(id).get(tuned.splits[0]!.key)).toBe(tuned.splits[0]!.splits);
      // A second call finds everything cached and times nothing.
      const again = await tunedOptions(h.device, id, build, { reps: 1, candidates: GEMM_CANDIDATES.slice(0, 1) });
      expect([again.splits.length, again.tuned.length, again.tuneMs]).toEqual([0, 0, 0]);
      // Any count computes the same step: force 1 (no split) against the rule's 4.
      const losses = [];
      for (const opts of [{}, { splitChoice: () => 1 }, tuned.opts] as ProgramOptions[]) {
        const program = build(opts);
        const runner = await ProgramRunner.create(h.device, program);
        runner.writeParams(new Map([...initParams(training.graph, 3, "f32")].map(([k, v]) => [k, Float32Array.from(v.data)])));
        const feeds = new Map<string, Float32Array | Int32Array>(program.inputs.map((t) => [t.name, t.dtype === "i32" ? Int32Array.from({ length: t.range.size / 4 }, (_, i) => i % 3) : Float32Array.from({ length: t.range.size / 4 }, (_, i) => Math.cos(i))]));
        const run: number[] = [];
        for (let step = 0; step < 3; step++) run.push((await runner.run(feeds, { lr: 0.1, read: ["loss"] })).get("loss")![0]!);
        losses.push(run);
        runner.destroy();
      }
      expect(buildTrainingProgram(training, BATCH, { splitChoice: () => 1 }).kernels.some((k) => k.label.endsWith(".partial"))).toBe(false);
      expect(relativeError(losses[1]!, losses[0]!)).toBeLessThan(1e-5);
      expect(relativeError(losses[2]!, losses[0]!)).toBeLessThan(1e-5);
      // The weights moved, so the third step's loss differs from the first.
      expect(losses[0]![2]).not.toBe(losses[0]![0]);
    } finally {
      if (prev === undefined) delete process.env.DLC_TUNE_CACHE;
      else process.env.DLC_TUNE_CACHE = prev;
    }
  });
});
