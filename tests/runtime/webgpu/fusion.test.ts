import { afterAll, describe, expect, it } from "vitest";
import { buildInferenceProgram, buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { BATCH, graphOf, runPair } from "../../helpers/fused_pair.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";

// Fused programs (compiler/codegen/fusion/) compute what unfused ones do,
// one kernel per node, each of which matches the reference executor
// (the *_kernels tests); with fewer kernels. Which nodes fuse is tested in
// tests/compiler/codegen/fusion_partition.test.ts. Concats and ResNet
// epilogues: fusion_concat.test.ts and fusion_concat_training.test.ts
// (split so that two test workers share the kernel compiles evenly).

// The slowest case compiles ~80 kernels: about 11 s on an idle 2-core machine.
describe("fused programs match unfused ones on WebGPU", { timeout: limitFor(11) }, () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  const mlp = `network m { input x: [12]
  h = x |> dense(12) |> tanh
  r = relu(h + (h |> dense(12) |> leaky_relu(0.1)))
  output y = (r |> dense(12) |> elu |> sigmoid) + r |> dense(4) }`;

  it("an MLP with a residual add and activations (inference)", async () => {
    const g = graphOf(mlp).graph!;
    await runPair(buildInferenceProgram(g, BATCH), buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g);
  });

  it("the same MLP, one training step", async () => {
    const r = graphOf(`${mlp}\ntrain m { loss cross_entropy(y, label)\n optimizer adam(lr = 0.01) }`, true);
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.01);
  });

  it("a small conv net with bn and relu, one training step", async () => {
    const r = graphOf(
      `import "std/resnet_blocks"
network c { input image: [3, 8, 8]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu
  x = x |> basic(4)
  output logits = x |> gap |> dense(3) }
train c { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`,
      true,
    );
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.05);
  });

  it("recomputed prologues: LeNet-5's subsampling and dropout masks (one training step)", async () => {
    const r = graphOf(
      `network l { input image: [1, 12, 12]
  x = image |> conv(4, k=3) |> tanh |> avgpool(k=2) |> scale |> tanh |> conv(6, k=3) |> relu |> flatten |> dropout(0.3) |> dense(3)
  output logits = x }
train l { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`,
      true,
    );
    const fused = buildTrainingProgram(r.training!, BATCH);
    expect(fused.kernels.some((k) => k.code.includes("recomputes"))).toBe(true);
    await runPair(fused, buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.05);
  });
});
