import { describe, it } from "vitest";
import { expectSameLosses } from "../helpers/loss_agreement.js";
import { limitFor } from "../helpers/time_limits.js";

// The training benchmark's models agree with their TF.js twins
// (tests/helpers/loss_agreement.ts): the inception module with two
// weighted heads (concat, batch norm, max pooling) with Adam.

// About 18 s on an idle 2-core machine.
describe("benchmark correctness", { timeout: limitFor(18) }, () => {
  it("inception_heads with adam: dlc and its TF.js twin on one device give the same losses over 3 steps", async () => {
    await expectSameLosses("inception_heads", "adam");
  });
});
