import { afterAll, describe, expect, it } from "vitest";
import { acquireDevice, type DeviceHandle } from "../../../runtime/webgpu/device.js";

// A real adapter (SwiftShader without a GPU): the device comes up with the
// adapter's limits, and a compute shader's result is read back exactly.
describe("WebGPU device", () => {
  let h: DeviceHandle | undefined;
  afterAll(() => h?.device.destroy());

  it("is acquired with the adapter's own limits", async () => {
    h = await acquireDevice();
    expect(h.device.limits.maxStorageBufferBindingSize).toBe(h.adapter.limits.maxStorageBufferBindingSize);
    expect(h.device.limits.maxComputeWorkgroupStorageSize).toBe(h.adapter.limits.maxComputeWorkgroupStorageSize);
  });

  it("runs a compute shader: y = 2x + 1 on 1000 values", async () => {
    h ??= await acquireDevice();
    const d = h.device;
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => i - 500);
    const input = d.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const output = d.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const read = d.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    d.queue.writeBuffer(input, 0, x);
    const module = d.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&x)) { y[id.x] = 2.0 * x[id.x] + 1.0; }
}`,
    });
    const pipeline = d.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
    const group = d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer: output } }] });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    enc.copyBufferToBuffer(output, 0, read, 0, n * 4);
    d.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const y = new Float32Array(read.getMappedRange().slice(0));
    read.unmap();
    expect(y[0]).toBe(-999);
    expect(y[999]).toBe(999);
    expect(y.every((v, i) => v === 2 * (i - 500) + 1)).toBe(true);
  });
});
