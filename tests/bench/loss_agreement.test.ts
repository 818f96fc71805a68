import { describe, expect, it } from "vitest";
import { makePair, MODELS, type OptimizerName } from "../../bench/pairs.js";
import { tfOnDevice } from "../../bench/peers/tfjs_webgpu.js";
import { sharedDevice } from "../helpers/gpu_parity.js";
import { limitFor } from "../helpers/time_limits.js";

// The training benchmark times dlc against TF.js only if both do the same
// math: their losses must agree over the first steps. Here on two of its
// models at a small batch: LeNet-5 (connection table, trainable
// subsampling) with SGD momentum, and the inception module with two
// weighted heads (concat, batch norm, max pooling) with Adam.
// The slowest model (inception_heads) about 18 s on an idle 2-core machine.
describe("benchmark correctness", { timeout: limitFor(18) }, () => {
  for (const [name, optimizer] of [["lenet5", "sgd"], ["inception_heads", "adam"]] as [string, OptimizerName][]) {
    it(`${name} with ${optimizer}: dlc and its TF.js twin on one device give the same losses over 3 steps`, async () => {
      const h = await sharedDevice();
      const tf = await tfOnDevice(h);
      const pair = await makePair(h, tf, MODELS.find((m) => m.name === name)!, 4, optimizer, false);
      const losses: number[] = [];
      for (let s = 0; s < 3; s++) {
        const a = (await pair.dlc(true))!;
        const b = (await pair.tf(true))!;
        expect(Math.abs(a - b) / Math.abs(b), `step ${s + 1}: dlc ${a}, TF.js ${b}`).toBeLessThan(1e-4);
        losses.push(a);
      }
      // The steps train: the loss moves.
      expect(losses[2]).not.toBe(losses[0]);
      pair.dispose();
    });
  }
});
