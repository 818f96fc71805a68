// Training on WebGPU: the training graph's kernels, then the fused optimizer
// over the flat parameter buffer, then the batch norms' running statistics,
// all recorded in one command encoder and submitted once per step. Nothing
// is read back unless the caller asks for the losses or the parameters.

import type { Graph } from "../../compiler/ir/graph.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { isBatched, lowerGraph } from "../../compiler/codegen/lower.js";
import { graphValues, planMemory } from "../../compiler/passes/plan_memory.js";
import { emitOptimizer } from "../../compiler/codegen/optimizer.js";
import { emitBnRunningUpdate } from "../../compiler/codegen/bn_running.js";
import { optimizerHyper, type OptimizerHyper } from "../training/optimizers.js";
import { GpuExecutor, readBack, type BufferRange, type Step } from "./executor.js";
import { layoutParams, type ParamLayout } from "./layout.js";

export class GpuTrainer {
  private t = 0;
  private failure: Error | undefined;

  private constructor(
    readonly device: GPUDevice,
    readonly training: TrainingGraph,
    readonly layout: ParamLayout,
    readonly hyper: OptimizerHyper,
    private readonly exec: GpuExecutor,
    private readonly paramBuffer: GPUBuffer,
    private readonly stepBuffer: GPUBuffer,
    private readonly extra: readonly Step[],
    private readonly owned: readonly GPUBuffer[],
    /** Bytes of the activation arena (values other than parameters and gradients). */
    readonly arenaBytes: number,
  ) {}

  static async create(device: GPUDevice, training: TrainingGraph, batch: number): Promise<GpuTrainer> {
    const g = training.graph;
    if (g.train?.settings.clip_norm != null) throw new Error("clip_norm is not supported by the WebGPU trainer yet: remove it or train with the reference backend");
    const align = device.limits.minStorageBufferOffsetAlignment / 4;
    const layout = layoutParams(g, new Set(training.gradients.keys()), align);
    const hyper = optimizerHyper(g.train!.optimizer);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const limit = device.limits.maxStorageBufferBindingSize;
    const make = (label: string, floats: number) => {
      const bytes = Math.max(4, floats * 4);
      if (bytes > limit) throw new Error(`the ${label} buffer needs ${bytes} bytes, over the device's storage binding limit of ${limit} bytes`);
      return device.createBuffer({ label, size: bytes, usage });
    };
    const paramBuffer = make("parameters", layout.totalLength);
    const gradBuffer = make("gradients", layout.trainedLength);
    const params = new Map<string, BufferRange>();
    for (const [name, s] of layout.slots) params.set(name, { buffer: paramBuffer, offset: s.offset * 4, size: Math.max(1, s.size) * 4 });
    // Each trained parameter's gradient node writes straight into its slot of the gradient buffer.
    const values = new Map<number, BufferRange>();
    for (const [name, node] of training.gradients) {
      const s = layout.slots.get(name)!;
      values.set(node, { buffer: gradBuffer, offset: s.offset * 4, size: s.size * 4 });
    }
    // Every other value of the step lives in one arena, sharing bytes where lifetimes do not overlap.
    const keep = new Set([training.loss, ...training.losses.map((l) => l.node)]);
    const memory = planMemory(graphValues(g, batch, new Set(training.gradients.values()), keep), device.limits.minStorageBufferOffsetAlignment);
    const arena = make("activations", memory.arenaBytes / 4);
    for (const [id, offset] of memory.offsets) {
      const n = g.nodes[id]!;
      const bytes = Math.max(4, n.shape.reduce((a, b) => a * b, 1) * 4 * (isBatched(g, id) ? batch : 1));
      values.set(id, { buffer: arena, offset, size: bytes });
    }
    const plan = lowerGraph(g, batch, device.limits.maxComputeWorkgroupsPerDimension);
    const exec = await GpuExecutor.create(device, g, plan, { params, values });

    const opt = emitOptimizer(hyper, layout.trainedLength, layout.decayedLength, device.limits.maxComputeWorkgroupsPerDimension);
    const stateBuffer = make("optimizer state", Math.max(1, opt.stateSlots) * layout.trainedLength);
    const stepBuffer = make("step values", 4);
    const extra: Step[] = [];
    device.pushErrorScope("validation");
    if (layout.trainedLength > 0) {
      const pipeline = await device.createComputePipelineAsync({ label: "optimizer", layout: "auto", compute: { module: device.createShaderModule({ code: opt.code }), entryPoint: "main" } });
      const entries: GPUBindGroupEntry[] = [
        { binding: 0, resource: { buffer: paramBuffer, offset: 0, size: layout.trainedLength * 4 } },
        { binding: 1, resource: { buffer: gradBuffer, offset: 0, size: layout.trainedLength * 4 } },
        ...(opt.stateSlots > 0 ? [{ binding: 2, resource: { buffer: stateBuffer } }] : []),
        { binding: 3, resource: { buffer: stepBuffer } },
      ];
      extra.push({ pipeline, group: device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }), dispatch: opt.dispatch });
    }
    for (const n of g.nodes) {
      if (n.op !== "bn" || n.attrs.training !== true) continue;
      const k = emitBnRunningUpdate(plan.shapes[n.inputs[0]!]!, n.attrs.momentum as number);
      const pipeline = await device.createComputePipelineAsync({ label: `${n.name}.running`, layout: "auto", compute: { module: device.createShaderModule({ code: k.code }), entryPoint: "main" } });
      const x = exec.values[n.inputs[0]!]!;
      const mean = params.get(n.params.running_mean!)!;
      const variance = params.get(n.params.running_var!)!;
      const group = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [x, mean, variance].map((r, binding) => ({ binding, resource: { buffer: r.buffer, offset: r.offset, size: r.size } })),
      });
      extra.push({ pipeline, group, dispatch: k.dispatch });
    }
    const err = await device.popErrorScope();
    if (err) throw new Error(`internal: the optimizer or running-statistics kernel does not validate: ${err.message}`);
    return new GpuTrainer(device, training, layout, hyper, exec, paramBuffer, stepBuffer, extra, [paramBuffer, gradBuffer, stateBuffer, stepBuffer, arena], memory.arenaBytes);
  }

  /** Writes every parameter (and buffer) of the network. */
  loadParams(values: ReadonlyMap<string, Float32Array>): void {
    this.exec.writeParams(values);
  }

  /**
   * One training step at learning rate `lr`; with `readLosses`, returns each
   * loss of the training section and the total, in that order.
   */
  async step(feeds: ReadonlyMap<string, Float32Array | Int32Array>, lr: number, readLosses = false): Promise<number[] | undefined> {
    if (this.failure) throw this.failure;
    this.t++;
    const h = this.hyper;
    const bc1 = h.kind === "sgd" ? 1 : 1 - h.beta1 ** this.t;
    const bc2 = h.kind === "sgd" ? 1 : 1 - h.beta2 ** this.t;
    this.device.queue.writeBuffer(this.stepBuffer, 0, new Float32Array([lr, this.t, bc1, bc2]));
    this.exec.writeFeeds(feeds);
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.exec.encode(pass);
    for (const s of this.extra) {
      pass.setPipeline(s.pipeline);
      pass.setBindGroup(0, s.group);
      pass.dispatchWorkgroups(s.dispatch[0], s.dispatch[1], s.dispatch[2]);
    }
    pass.end();
    // Validation errors of a submitted step surface asynchronously; the
    // first one fails this step if it is read, or else the next step.
    this.device.pushErrorScope("validation");
    let losses: number[] | undefined;
    if (!readLosses) {
      this.device.queue.submit([enc.finish()]);
    } else {
      const ids = [...this.training.losses.map((l) => l.node), this.training.loss];
      const got = await readBack(this.device, enc, ids.map((id) => [id, this.exec.values[id]!] as const));
      losses = ids.map((id) => got.get(id)![0]!);
    }
    const scope = this.device.popErrorScope().then((e) => {
      if (e && !this.failure) this.failure = new Error(`internal: training step ${this.t} failed on the device: ${e.message}`);
    });
    if (readLosses) {
      await scope;
      if (this.failure) throw this.failure;
    }
    return losses;
  }

  /** Reads every parameter back (waits for the queued steps). */
  async readParams(): Promise<Map<string, Float32Array>> {
    const enc = this.device.createCommandEncoder();
    const all = await readBack(this.device, enc, [["all", { buffer: this.paramBuffer, offset: 0, size: this.paramBuffer.size }] as const]);
    const flat = all.get("all")!;
    const out = new Map<string, Float32Array>();
    for (const [name, s] of this.layout.slots) out.set(name, flat.slice(s.offset, s.offset + s.size));
    return out;
  }

  destroy(): void {
    this.exec.destroy();
    for (const b of this.owned) b.destroy();
  }
}

export type { Graph };
