// The order test files start in. Two workers take files in this order, so
// the run ends when the worker holding the last long file finishes: the
// heaviest files must start first. Vitest does that by itself from the
// durations of an earlier run (its cache under node_modules/.vite); a
// fresh clone (CI) has none, and vitest then starts the largest files
// first, by bytes, which puts a short file that compiles hundreds of
// kernels last. There, the files below go first, heaviest first.

import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Seconds each heavy file takes on an idle 2-core machine (SwiftShader),
 * from `npm run test:slowest`. Only the order depends on them: a stale
 * number costs some balance, never a result.
 */
export const IDLE_SECONDS: Readonly<Record<string, number>> = {
  "tests/examples/use_in_typescript.test.ts": 40,
  "tests/host/export/pytorch/models_small_b.test.ts": 38,
  "tests/stdlib/vit.test.ts": 35,
  "tests/runtime/webgpu/conv_kernels.test.ts": 40,
  "tests/host/export/pytorch/models_small_a.test.ts": 28,
  "tests/host/export/onnx/stdlib_b.test.ts": 27,
  "tests/host/export/onnx/stdlib_a.test.ts": 26,
  "tests/host/export/pytorch/training.test.ts": 25,
  "tests/host/cli/bad_input.test.ts": 25,
  "tests/host/cli/train_cli.test.ts": 25,
  "tests/playground/page.test.ts": 11,
  "tests/host/import_weights/round_trip.test.ts": 18,
  "tests/host/export/pytorch/ddp.test.ts": 16,
  "tests/host/training/gpu_loop.test.ts": 35,
  "tests/runtime/webgpu/fusion_concat_training.test.ts": 33,
  "tests/runtime/webgpu/training_step_blocks.test.ts": 30,
  "tests/runtime/webgpu/gemm_subgroup_share_b.test.ts": 30,
  "tests/runtime/webgpu/gemm_subgroup_shapes.test.ts": 28,
  "tests/runtime/webgpu/conv_kernels_tuned.test.ts": 26,
  "tests/runtime/webgpu/fusion_concat.test.ts": 24,
  "tests/host/tune/split_tune.test.ts": 22,
  "tests/runtime/webgpu/gemm_subgroup.test.ts": 22,
  "tests/runtime/webgpu/fusion.test.ts": 22,
  "tests/runtime/webgpu/training_step.test.ts": 20,
  "tests/reference/gradcheck/networks.test.ts": 20,
  "tests/runtime/webgpu/conv_kernels_rewrites.test.ts": 17,
  "tests/host/cli/train_webgpu.test.ts": 17,
  "tests/bench/loss_agreement_inception.test.ts": 18,
  "tests/bench/infer_agreement.test.ts": 15,
  "tests/bench/loss_agreement.test.ts": 14,
};

/** Files in `order` (relative paths), the ones in `IDLE_SECONDS` first, heaviest first; the rest as they were. */
export function heavyFirst<T>(order: readonly T[], path: (t: T) => string): T[] {
  const weight = (t: T) => IDLE_SECONDS[path(t)] ?? 0;
  // Array.prototype.sort is stable: files of equal weight keep their order.
  return [...order].sort((a, b) => weight(b) - weight(a));
}

export default class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const key = (f: TestSpecification) => `${f.project.name}:${relative(root, f.moduleId)}`;
    // Durations from an earlier run for every file: vitest's order is the measured one.
    if (files.every((f) => this.ctx.cache.getFileTestResults(key(f)) !== undefined)) return sorted;
    return heavyFirst(sorted, (f) => relative(root, f.moduleId));
  }
}
