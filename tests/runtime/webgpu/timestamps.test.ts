import { describe, expect, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { hasTimestamps, timePasses } from "../../../runtime/webgpu/timestamps.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";

// Timestamp queries: GPU time that grows with the work in a pass, and a
// profiled training step that is the same step as an unprofiled one.

const NET = `network tiny {
  input x: [1, 12, 12]
  output y = x |> conv(4, k=3) |> relu |> flatten |> dense(5)
}
train tiny { loss cross_entropy(y, label)
  optimizer sgd(lr=0.1, momentum=0.9) }`;

const device = await sharedDevice();
const reason = "the adapter offers no timestamp-query feature";

describe.skipIf(!hasTimestamps(device.device))(`timestamp queries (${reason} where skipped)`, () => {
  it("time a pass in proportion to its work: 16 dispatches take longer than 1", async () => {
    const d = device.device;
    const module = d.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  var s = x[id.x];
  for (var i = 0u; i < 512u; i++) { s = s * 0.999 + 0.25; }
  x[id.x] = s;
}`,
    });
    const pipeline = d.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
    const buffer = d.createBuffer({ size: 4 * 64 * 256, usage: GPUBufferUsage.STORAGE });
    const group = d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] });
    // Each size three times: on a software GPU (SwiftShader) sharing a loaded
    // machine, one pass may be preempted; the fastest of three is the work's.
    const counts = [1, 16, 1, 16, 1, 16];
    const ms = await timePasses(d, counts.length, (i, pass) => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      for (let k = 0; k < counts[i]!; k++) pass.dispatchWorkgroups(256);
    });
    buffer.destroy();
    expect(ms.every((t) => Number.isFinite(t) && t > 0), String(ms)).toBe(true);
    const fastest = (n: number) => Math.min(...ms.filter((_, i) => counts[i] === n));
    // 16 times the work: well over 4 times the time, whatever the overheads.
    expect(fastest(16), String(ms)).toBeGreaterThan(4 * fastest(1));
  });

  it("profile() times every kernel and the optimizer of a step that is the same as run()'s", async () => {
    const r = checkFile("tiny.net", { text: NET, train: true });
    const program = buildTrainingProgram(r.training!, 4);
    const params = new Map([...initParams(r.graph!, 5, "f32")].map(([k, v]) => [k, Float32Array.from(v.data)]));
    const feeds = new Map<string, Float32Array | Int32Array>(
      program.inputs.map((t) => [t.name, t.dtype === "i32" ? Int32Array.from({ length: t.range.size / 4 }, (_, i) => i % 5) : Float32Array.from({ length: t.range.size / 4 }, (_, i) => Math.sin(i))]),
    );
    const plain = await ProgramRunner.create(device.device, program);
    const timed = await ProgramRunner.create(device.device, program);
    plain.writeParams(params);
    timed.writeParams(params);
    await plain.run(feeds, { lr: 0.1 });
    const times = await timed.profile(feeds, { lr: 0.1 });
    expect(times.map((t) => t.label)).toEqual([...program.kernels.map((k) => k.label), "optimizer"]);
    expect(times.every((t) => Number.isFinite(t.ms) && t.ms >= 0)).toBe(true);
    expect(timed.steps).toBe(1);
    const a = await plain.readParams();
    const b = await timed.readParams();
    for (const [name, v] of a) expect([...b.get(name)!], name).toEqual([...v]);
    // The step moved the weights (so the equality above compares trained weights).
    expect([...a.values()].some((v, i) => v.some((x, j) => x !== params.get([...a.keys()][i]!)![j]))).toBe(true);
    plain.destroy();
    timed.destroy();
  });
});
