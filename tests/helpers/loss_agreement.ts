// The training benchmark times dlc against TF.js only if both do the same
// math: their losses must agree over the first steps. One model per test
// file (tests/bench/loss_agreement*.test.ts), so that two test workers
// share the work evenly.

import { expect } from "vitest";
import { makePair, MODELS, type OptimizerName } from "../../bench/pairs.js";
import { tfOnDevice } from "../../bench/peers/tfjs_webgpu.js";
import { sharedDevice } from "./gpu_parity.js";

/** dlc and its TF.js twin of bench model `name`, on one device at batch 4: the same losses over 3 steps, and the loss moves. */
export async function expectSameLosses(name: string, optimizer: OptimizerName): Promise<void> {
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
}
