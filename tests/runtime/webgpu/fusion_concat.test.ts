import { readFileSync } from "node:fs";
import { afterAll, describe, it } from "vitest";
import { buildInferenceProgram } from "../../../compiler/codegen/program.js";
import { BATCH, graphOf, runPair } from "../../helpers/fused_pair.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";

// Fused inference programs match unfused ones (tests/runtime/webgpu/fusion.test.ts
// says why that suffices) on a ResNet's epilogues and on concats written in place.

// The slowest case compiles ~55 kernels: about 14 s on an idle 2-core machine.
describe("fused inference programs match unfused ones on WebGPU", { timeout: limitFor(14) }, () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  // One basic block per stage (n = 1) has every epilogue the deeper ResNets
  // have: the identity shortcut of the first stage, the projections of the
  // strided ones; more blocks would repeat the same kernels.
  it("conv + eval-mode bn + residual add + relu epilogues (inference of a small ResNet)", async () => {
    const g = graphOf(readFileSync("examples/cifar_resnet.net", "utf8"), false, new Map([["image", [3, 12, 12]]]), new Map([["n", 1]])).graph!;
    await runPair(buildInferenceProgram(g, BATCH), buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g);
  });

  // A DenseNet block (a chain of concats) and an inception module.
  it("concat operands written in place, DenseNet's nested slices (inference)", async () => {
    const g = graphOf(readFileSync("tests/fixtures/dense_inception.net", "utf8")).graph!;
    await runPair(buildInferenceProgram(g, BATCH), buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g, undefined, false);
  });
});
