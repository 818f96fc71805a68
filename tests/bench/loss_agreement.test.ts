import { describe, it } from "vitest";
import { expectSameLosses } from "../helpers/loss_agreement.js";
import { limitFor } from "../helpers/time_limits.js";

// The training benchmark's models agree with their TF.js twins
// (tests/helpers/loss_agreement.ts): LeNet-5 (connection table, trainable
// subsampling) with SGD momentum. The inception module:
// loss_agreement_inception.test.ts.

// About 14 s on an idle 2-core machine.
describe("benchmark correctness", { timeout: limitFor(14) }, () => {
  it("lenet5 with sgd: dlc and its TF.js twin on one device give the same losses over 3 steps", async () => {
    await expectSameLosses("lenet5", "sgd");
  });
});
