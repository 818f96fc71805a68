import { afterAll, describe, it } from "vitest";
import { sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";
import { compare } from "../../helpers/training_steps.js";

// Three whole training steps on WebGPU against the float64 reference
// (tests/helpers/training_steps.ts) on the stdlib's blocks: residuals with
// a projection shortcut, a DenseNet block, an inception module.

// The slowest case (DenseNet and inception) about 17 s on an idle 2-core machine.
describe("WebGPU training steps match the reference over 3 steps on ResNet, DenseNet and inception blocks", { timeout: limitFor(17) }, () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  it("a small ResNet: residuals, a projection shortcut, BN in training mode", async () => {
    await compare(
      `import "std/resnet_blocks"
network r { input image: [3, 12, 12]
  x = image |> conv(8, k=3, p=1, bias=false) |> bn |> relu
  x = x |> basic(8) |> basic(16, 2)
  output logits = x |> gap |> dense(5) }
train r { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9, weight_decay = 1e-4) }`,
      0.05,
    );
  });

  // The stem conv has no bias, as in DenseNet: a bias right before batch norm
  // has a zero gradient, which Adam would turn into steps of ±lr driven by
  // rounding noise, different on every device.
  it("a DenseNet block and an inception module with Adam", async () => {
    await compare(
      `import "std/blocks"
network d { input image: [3, 10, 10]
  x = image |> conv(8, k=3, p=1, bias=false) |> dense_block(2, 4, 2)
  x = x |> inception_module(4, 3, 4, 2, 2, 2)
  output logits = x |> gap |> dense(3) }
train d { loss cross_entropy(logits, label)\n optimizer adam(lr = 0.01) }`,
      0.01,
    );
  });
});
