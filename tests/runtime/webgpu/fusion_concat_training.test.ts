import { readFileSync } from "node:fs";
import { afterAll, describe, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { BATCH, graphOf, runPair } from "../../helpers/fused_pair.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";

// A fused training step matches the unfused one (tests/runtime/webgpu/fusion.test.ts
// says why that suffices) where the backward pass reads concat slices: a
// DenseNet block and an inception module. Alone in its file: it compiles
// ~230 kernels, the most of any test.

// About 30 s on an idle 2-core machine.
describe("a fused training step with concat slices matches the unfused one on WebGPU", { timeout: limitFor(30) }, () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  it("DenseNet's nested concat slices read by the backward pass (one training step)", async () => {
    const r = graphOf(readFileSync("tests/fixtures/dense_inception.net", "utf8"), true);
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.01);
  });
});
