import { describe, expect, it } from "vitest";
import { mlpPair } from "../../bench/mlp.js";
import { tfOnDevice } from "../../bench/peers/tfjs_webgpu.js";
import { sharedDevice } from "../helpers/gpu_parity.js";

// The training benchmark times dlc against TF.js only if both do the same
// math: their losses must agree over the first steps (here on a small MLP).
describe("benchmark correctness", () => {
  it("dlc and TF.js WebGPU, on one device, give the same losses over 3 SGD-momentum steps", async () => {
    const h = await sharedDevice();
    const tf = await tfOnDevice(h);
    const pair = await mlpPair(h, tf, [20, 16, 16, 5], 8);
    for (let s = 0; s < 3; s++) {
      const a = (await pair.dlc(true))!;
      const b = (await pair.tf(true))!;
      expect(Math.abs(a - b) / Math.abs(b), `step ${s + 1}: dlc ${a}, TF.js ${b}`).toBeLessThan(1e-4);
    }
    pair.dispose();
  });
});
