// Runs a lowered graph on a WebGPU device. Pipelines, buffers and bind
// groups are made once; a run writes the feeds, encodes every dispatch in
// one command encoder, submits once, and reads back only what was asked.

import type { Graph } from "../../compiler/ir/graph.js";
import type { KernelPlan } from "../../compiler/codegen/lower.js";

const size = (shape: readonly number[]) => Math.max(1, shape.reduce((a, b) => a * b, 1)) * 4;

export class GpuExecutor {
  private constructor(
    private readonly device: GPUDevice,
    private readonly graph: Graph,
    private readonly plan: KernelPlan,
    private readonly values: GPUBuffer[],
    private readonly params: Map<string, GPUBuffer>,
    private readonly steps: { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: readonly [number, number, number] }[],
  ) {}

  static async create(device: GPUDevice, graph: Graph, plan: KernelPlan): Promise<GpuExecutor> {
    const limit = device.limits.maxStorageBufferBindingSize;
    const values = graph.nodes.map((n) => {
      const bytes = size(plan.shapes[n.id]!);
      if (bytes > limit) throw new Error(`value '${n.name}' needs ${bytes} bytes, over the device's binding limit of ${limit}`);
      return device.createBuffer({ label: n.name, size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    });
    const params = new Map<string, GPUBuffer>();
    for (const p of graph.params.values()) {
      params.set(p.name, device.createBuffer({ label: p.name, size: size(p.shape), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST }));
    }
    device.pushErrorScope("validation");
    const steps = [];
    for (const n of graph.nodes) {
      const k = plan.kernels[n.id];
      if (!k) continue;
      const module = device.createShaderModule({ label: n.name, code: k.code });
      const pipeline = await device.createComputePipelineAsync({ label: n.name, layout: "auto", compute: { module, entryPoint: "main" } });
      const buffers = [...n.inputs.map((i) => values[i]!), ...k.paramRoles.map((r) => params.get(n.params[r]!)!), values[n.id]!];
      const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
      steps.push({ pipeline, group, dispatch: k.dispatch });
    }
    const err = await device.popErrorScope();
    if (err) throw new Error(`internal: a generated kernel does not validate: ${err.message}`);
    return new GpuExecutor(device, graph, plan, values, params, steps);
  }

  writeParams(values: ReadonlyMap<string, Float32Array>): void {
    for (const [name, data] of values) {
      const b = this.params.get(name);
      if (!b) throw new Error(`unknown parameter '${name}'`);
      if (data.byteLength !== b.size && !(data.byteLength === 0 && b.size === 4)) throw new Error(`parameter '${name}' has ${data.length} values, expected ${b.size / 4}`);
      this.device.queue.writeBuffer(b, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    }
  }

  /** Runs every kernel once; returns the values of the nodes in `read`. */
  async run(feeds: ReadonlyMap<string, Float32Array | Int32Array>, read: readonly number[]): Promise<Map<number, Float32Array>> {
    for (const id of this.graph.inputs) {
      const n = this.graph.nodes[id]!;
      const data = feeds.get(n.name);
      const want = size(this.plan.shapes[id]!) / 4;
      if (!data) throw new Error(`missing input '${n.name}'`);
      if (data.length !== want) throw new Error(`input '${n.name}' has ${data.length} values, expected ${want} (shape [${this.plan.shapes[id]!.join(", ")}])`);
      this.device.queue.writeBuffer(this.values[id]!, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    }
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (const s of this.steps) {
      pass.setPipeline(s.pipeline);
      pass.setBindGroup(0, s.group);
      pass.dispatchWorkgroups(s.dispatch[0], s.dispatch[1], s.dispatch[2]);
    }
    pass.end();
    const staging = read.map((id) => {
      const src = this.values[id]!;
      const dst = this.device.createBuffer({ size: src.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      enc.copyBufferToBuffer(src, 0, dst, 0, src.size);
      return dst;
    });
    this.device.queue.submit([enc.finish()]);
    const out = new Map<number, Float32Array>();
    await Promise.all(
      staging.map(async (b, k) => {
        await b.mapAsync(GPUMapMode.READ);
        out.set(read[k]!, new Float32Array(b.getMappedRange().slice(0)));
        b.unmap();
        b.destroy();
      }),
    );
    return out;
  }

  destroy(): void {
    for (const b of this.values) b.destroy();
    for (const b of this.params.values()) b.destroy();
  }
}
