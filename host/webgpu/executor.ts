// Runs a lowered graph on a WebGPU device. Pipelines, buffers and bind
// groups are made once; a run writes the feeds, encodes every dispatch in
// one command encoder, submits once, and reads back only what was asked.
// Values and parameters are ranges of buffers: by default one buffer each;
// a trainer places parameters and gradients in flat buffers instead.

import { elementCount, type Graph } from "../../core/ir/graph.js";
import type { KernelPlan } from "../../compiler/codegen/lower.js";
import { renderWgsl } from "../../core/kernel/index.js";
import { createPipelines } from "../../runtime/webgpu/pipelines.js";
import { readBack, type BufferRange } from "../../runtime/webgpu/read_back.js";

export { readBack, type BufferRange };

const floats = (shape: readonly number[]) => Math.max(1, elementCount(shape));


export interface Placement {
  /** Where each parameter lives; parameters not listed get a buffer of their own. */
  readonly params?: ReadonlyMap<string, BufferRange>;
  /** Where a node's value lives (gradients in a flat gradient buffer). */
  readonly values?: ReadonlyMap<number, BufferRange>;
}

export interface Step {
  readonly pipeline: GPUComputePipeline;
  readonly group: GPUBindGroup;
  readonly dispatch: readonly [number, number, number];
}

export class GpuExecutor {
  private constructor(
    readonly device: GPUDevice,
    readonly graph: Graph,
    readonly plan: KernelPlan,
    readonly values: readonly BufferRange[],
    readonly params: ReadonlyMap<string, BufferRange>,
    private readonly steps: readonly Step[],
    private readonly owned: readonly GPUBuffer[],
  ) {}

  static async create(device: GPUDevice, graph: Graph, plan: KernelPlan, placement: Placement = {}): Promise<GpuExecutor> {
    const limit = device.limits.maxStorageBufferBindingSize;
    const owned: GPUBuffer[] = [];
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const own = (label: string, bytes: number): BufferRange => {
      if (bytes > limit) throw new Error(`'${label}' needs ${bytes} bytes, over the device's storage binding limit of ${limit} bytes`);
      const buffer = device.createBuffer({ label, size: bytes, usage });
      owned.push(buffer);
      return { buffer, offset: 0, size: bytes };
    };
    const values = graph.nodes.map((n) => placement.values?.get(n.id) ?? own(n.name, floats(plan.shapes[n.id]!) * 4));
    const params = new Map<string, BufferRange>();
    for (const p of graph.params.values()) params.set(p.name, placement.params?.get(p.name) ?? own(p.name, floats(p.shape) * 4));
    const lowered = graph.nodes.filter((n) => plan.kernels[n.id]);
    const pipelines = await createPipelines(device, lowered.map((n) => ({ label: n.name, code: renderWgsl(plan.kernels[n.id]!) })));
    device.pushErrorScope("validation");
    const steps = lowered.map((n, i): Step => {
      const k = plan.kernels[n.id]!;
      const pipeline = pipelines[i]!;
      const ranges = k.bindings.map((b) => {
        const r = b.role;
        if (r.kind === "input") return values[n.inputs[r.index]!]!;
        if (r.kind === "param") return params.get(n.params[r.role]!)!;
        if (r.kind === "output") return values[n.id]!;
        throw new Error(`internal: the kernel of '${n.name}' binds '${r.key}', which a node kernel cannot`);
      });
      const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: ranges.map((r, binding) => ({ binding, resource: { buffer: r.buffer, offset: r.offset, size: r.size } })) });
      return { pipeline, group, dispatch: k.dispatch };
    });
    const err = await device.popErrorScope();
    if (err) throw new Error(`internal: a generated kernel does not validate: ${err.message}`);
    return new GpuExecutor(device, graph, plan, values, params, steps, owned);
  }

  writeParams(values: ReadonlyMap<string, Float32Array>): void {
    for (const [name, data] of values) {
      const r = this.params.get(name);
      if (!r) throw new Error(`unknown parameter '${name}'`);
      if (data.byteLength !== r.size) throw new Error(`parameter '${name}' has ${data.length} values, expected ${r.size / 4}`);
      this.device.queue.writeBuffer(r.buffer, r.offset, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    }
  }

  /** Writes the feeds; every input must be present with its full size. */
  writeFeeds(feeds: ReadonlyMap<string, Float32Array | Int32Array>): void {
    for (const id of this.graph.inputs) {
      const n = this.graph.nodes[id]!;
      const data = feeds.get(n.name);
      const want = this.values[id]!.size / 4;
      if (!data) throw new Error(`missing input '${n.name}'`);
      if (data.length !== want) throw new Error(`input '${n.name}' has ${data.length} values, expected ${want} (shape [${this.plan.shapes[id]!.join(", ")}])`);
      const r = this.values[id]!;
      this.device.queue.writeBuffer(r.buffer, r.offset, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    }
  }

  /** Records every kernel of the graph into a compute pass. */
  encode(pass: GPUComputePassEncoder): void {
    for (const s of this.steps) {
      pass.setPipeline(s.pipeline);
      pass.setBindGroup(0, s.group);
      pass.dispatchWorkgroups(s.dispatch[0], s.dispatch[1], s.dispatch[2]);
    }
  }

  /** Runs every kernel once; returns the values of the nodes in `read`. */
  async run(feeds: ReadonlyMap<string, Float32Array | Int32Array>, read: readonly number[]): Promise<Map<number, Float32Array>> {
    this.writeFeeds(feeds);
    this.device.pushErrorScope("validation");
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.encode(pass);
    pass.end();
    const out = await readBack(this.device, enc, read.map((id) => [id, this.values[id]!] as const));
    const err = await this.device.popErrorScope();
    if (err) throw new Error(`internal: running '${this.graph.name}' failed on the device: ${err.message}`);
    return out;
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}
