import { describe, expect, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { Rng } from "../../../core/tensor/rng.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";

// Resuming on WebGPU: weights, optimizer state and the step count read back
// after two steps and loaded into a fresh runner give, after a third step,
// exactly the weights of an uninterrupted three-step run.
describe.each([
  ["adam", "adam(lr = 0.01, weight_decay = 1e-3)"],
  ["sgd with momentum", "sgd(lr = 0.1, momentum = 0.9, nesterov = true)"],
])("resume with %s", (_name, optimizer) => {
  it("continues bit for bit", async () => {
    const r = checkFile("r.net", { text: `network r { input x: [6]\n output y = x |> dense(5) |> tanh |> dense(3) }\ntrain r { loss cross_entropy(y, label)\n optimizer ${optimizer} }`, train: true });
    const program = buildTrainingProgram(r.training!, 4);
    const { device } = await sharedDevice();
    const rng = new Rng(3);
    const feeds = new Map<string, Float32Array | Int32Array>([
      ["x", Float32Array.from({ length: 24 }, () => rng.normal())],
      ["label", Int32Array.from([0, 1, 2, 1])],
    ]);
    const init = new Map([...initParams(r.graph!, 1, "f32")].map(([k, t]) => [k, Float32Array.from(t.data)]));

    const straight = await ProgramRunner.create(device, program);
    straight.writeParams(init);
    for (let s = 0; s < 3; s++) await straight.run(feeds, { lr: 0.05 });
    const want = await straight.readParams();

    const first = await ProgramRunner.create(device, program);
    first.writeParams(init);
    for (let s = 0; s < 2; s++) await first.run(feeds, { lr: 0.05 });
    const [params, state, steps] = [await first.readParams(), await first.readOptimizerState(), first.steps];
    expect(state.size).toBeGreaterThan(0);
    const resumed = await ProgramRunner.create(device, program);
    resumed.writeParams(params);
    resumed.writeOptimizerState(state);
    resumed.steps = steps;
    await resumed.run(feeds, { lr: 0.05 });
    const got = await resumed.readParams();
    for (const [k, v] of want) expect(got.get(k), k).toEqual(v);
    for (const x of [straight, first, resumed]) x.destroy();
  });
});
