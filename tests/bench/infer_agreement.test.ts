// The inference benchmark times dlc against TF.js only if both compute the
// same outputs. Here on two of its models at a small batch, with batch
// norm's running statistics set to random values on both sides so that the
// eval-mode path (and how each reads them) is checked too.
import { describe, expect, it } from "vitest";
import { buildInferenceProgram } from "../../compiler/codegen/program.js";
import { checkFile } from "../../compiler/pipeline.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { Rng } from "../../core/tensor/rng.js";
import { ProgramRunner } from "../../runtime/webgpu/program.js";
import { MODELS } from "../../bench/pairs.js";
import { buildTfForward } from "../../bench/peers/tfjs_twin.js";
import { tfOnDevice } from "../../bench/peers/tfjs_webgpu.js";
import { relativeError, sharedDevice } from "../helpers/gpu_parity.js";
import { limitFor } from "../helpers/time_limits.js";

// The slowest model (inception_heads) about 9 s on an idle 2-core machine.
describe("inference benchmark correctness", { timeout: limitFor(9) }, () => {
  for (const name of ["bn_convnet", "inception_heads"]) {
    it(`${name}: dlc and its TF.js twin on one device give the same outputs (eval-mode batch norm on random statistics)`, async () => {
      const h = await sharedDevice();
      const tf = await tfOnDevice(h);
      const batch = 3;
      const g = checkFile(`${name}.net`, { text: MODELS.find((m) => m.name === name)!.source, train: false }).graph!;
      const init = initParams(g, 2, "f32");
      const rng = new Rng(4);
      let stats = 0;
      for (const [param, t] of init) {
        if (param.endsWith("running_mean")) t.data.forEach((_, i, a) => (a[i] = 0.3 * rng.normal()));
        if (param.endsWith("running_var")) t.data.forEach((_, i, a) => (a[i] = 0.5 + rng.uniform()));
        if (param.endsWith("running_mean")) stats++;
      }
      expect(stats).toBeGreaterThan(0);
      const feeds = new Map(g.inputs.map((id) => [g.nodes[id]!.name, Float32Array.from({ length: batch * g.nodes[id]!.shape.reduce((a, b) => a * b, 1) }, () => rng.normal())]));
      const runner = await ProgramRunner.create(h.device, buildInferenceProgram(g, batch));
      runner.writeParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
      const ours = await runner.run(feeds, { read: runner.program.outputs.map((o) => o.name) });
      runner.destroy();
      const twin = buildTfForward(tf, g, init, feeds, batch);
      const theirs = twin.run();
      expect(Object.keys(theirs).sort()).toEqual([...ours.keys()].sort());
      for (const [out, t] of Object.entries(theirs)) {
        expect(relativeError(ours.get(out)!, (await t.data()) as Float32Array), out).toBeLessThan(1e-4);
        t.dispose();
      }
      twin.dispose();
    });
  }
});
