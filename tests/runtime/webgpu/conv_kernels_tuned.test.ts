// The conv family's kernels on every GEMM template and tile but the
// default (which tests/runtime/webgpu/conv_kernels.test.ts covers), against
// the reference executor in float32 (the cases and the check:
// tests/helpers/conv_cases.ts).

import { describe, it } from "vitest";
import { describeChoice } from "../../../ops/templates/gemm_choice.js";
import { GEMM_CANDIDATES } from "../../../host/tune/autotune.js";
import { caseCut, cases, expectParity } from "../../helpers/conv_cases.js";
import { limitFor } from "../../helpers/time_limits.js";

// Each case compiles three kernels: at most 3 s on an idle 2-core machine.
describe("conv-family WebGPU kernels on every GEMM template match the reference executor (float32, 1e-4 relative)", { timeout: limitFor(3) }, () => {
  // Every template and tile the autotuner may pick (host/tune/) keeps
  // parity, on the cases with odd sizes, groups, tables and several tiles.
  const tunedCases = cases.filter((c) => /several tiles|groups 2, stride|C3|dense on rank 3|multiple of 4|depthwise, stride 2|DCGAN|1 × 1 output, (stride|dilation)/.test(c.name));
  const tuned = GEMM_CANDIDATES.slice(1).flatMap((choice) => tunedCases.map((c) => [`${describeChoice(choice)}: ${c.name}`, c, choice] as const));
  it.each(tuned)("%s", async (_name, c, choice) => {
    await expectParity(caseCut(c), c.batch, choice);
  });
});
