import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";
import { limitFor } from "../../helpers/time_limits.js";
import { BATCH, compare } from "../../helpers/training_steps.js";

// Three whole training steps on WebGPU against the float64 reference
// (tests/helpers/training_steps.ts), on MLPs, small conv nets, LeNet-5 and
// a multi-task network. A ResNet, a DenseNet block and an inception
// module: training_step_blocks.test.ts (split so that two test workers
// share the kernel compiles evenly).

// The slowest case (LeNet-5) about 10 s on an idle 2-core machine.
describe("WebGPU training steps match the reference over 3 steps", { timeout: limitFor(10) }, () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  it("an MLP with SGD, Nesterov momentum and weight decay", async () => {
    await compare(
      `network m { input x: [20]\n output y = x |> dense(16) |> relu |> dense(5) }
train m { loss cross_entropy(y, label, smoothing = 0.1)\n optimizer sgd(lr = 0.1, momentum = 0.9, nesterov = true, weight_decay = 1e-3, decay_all = false) }`,
      0.1,
    );
  });

  // Plain SGD has no optimizer state: its kernel binds three buffers, not four.
  it("a conv net with plain SGD (no momentum) and weight decay", async () => {
    await compare(
      `network p { input x: [2, 6, 6]\n output y = x |> conv(3, k=3, p=1) |> relu |> flatten |> dense(4) }
train p { loss cross_entropy(y, label)\n optimizer sgd(lr = 0.1, weight_decay = 1e-3) }`,
      0.1,
    );
  });

  it("an MLP with two weighted heads and Adam", async () => {
    await compare(
      `network m { input x: [12]\n h = x |> dense(10) |> tanh\n output c = h |> dense(4)\n output b = h |> dense(2) }
train m { loss cross_entropy(c, label)\n loss mse(b, target, weight = 0.5)\n optimizer adam(lr = 0.01, weight_decay = 1e-4) }`,
      0.01,
    );
  });

  it("two losses on one output (bce and mse on one score), each named output:kind", async () => {
    const text = `network m { input x: [8]\n output s = x |> dense(6) |> tanh |> dense(3) }
train m { loss bce(s, target)\n loss mse(s, level, weight = 0.5)\n optimizer sgd(lr = 0.1, momentum = 0.9) }`;
    const r = checkFile("net.net", { text, train: true });
    expect(buildTrainingProgram(r.training!, BATCH).losses!.map((l) => l.name)).toEqual(["s:bce", "s:mse"]);
    await compare(text, 0.1);
  });

  it("LeNet-5 (connection table, trainable subsampling) with SGD momentum", async () => {
    const lenet = readFileSync("stdlib/models/lenet5.net", "utf8");
    await compare(`${lenet}\ntrain lenet5 { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`, 0.05);
  });

  it("the multi-task network: two weighted heads, a frozen trunk", async () => {
    const text = readFileSync("stdlib/models/multitask_localization.net", "utf8");
    await compare(text, 0.01, new Map([["image", [3, 16, 16]]]));
  });
});
