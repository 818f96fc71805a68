// Executes a compiled program (compiler/codegen/program.ts) on a device:
// buffers, pipelines and bind groups are made once; a step writes the
// inputs (and, in training, the 16 bytes of per-step values), records every
// kernel in one compute pass, submits once, and reads back only what the
// caller asks for. Needs nothing of the compiler: a program is plain data.

import type { Program, ProgramKernel, ProgramRange, ProgramTensor } from "../../core/program/program.js";
import { optimizerBinding, optimizerStateLayout, stateKey, stepValues } from "../../core/optim/state_layout.js";
import { readBack } from "./read_back.js";
import { createPipelines, PipelineError, type KernelSource, type PipelineOptions } from "./pipelines.js";
import { hasTimestamps, timePasses } from "./timestamps.js";

interface Ready {
  readonly pipeline: GPUComputePipeline;
  readonly group: GPUBindGroup;
  readonly dispatch: readonly [number, number, number];
}

export class ProgramError extends Error {}

/** Every kernel of the programs, the optimizer after each program's kernels. */
function kernelsOf(programs: readonly Program[]): KernelSource[] {
  return programs.flatMap((p) => [...p.kernels, ...(p.optimizer ? [p.optimizer.kernel] : [])]);
}

/**
 * Makes the pipelines of several programs at once, into the device's
 * cache, so that one progress count covers them all (a module's training,
 * inference and train-mode programs; a training run's step, partial step
 * and evaluator) and kernels they share are made once. ProgramRunner.create
 * then finds them all cached.
 */
export async function preparePrograms(device: GPUDevice, programs: readonly Program[], opts: Omit<PipelineOptions, "cache"> = {}): Promise<void> {
  try {
    await createPipelines(device, kernelsOf(programs), opts);
  } catch (e) {
    if (e instanceof PipelineError) throw new ProgramError(e.message);
    throw e;
  }
}

function dispatch(pass: GPUComputePassEncoder, k: Ready): void {
  pass.setPipeline(k.pipeline);
  pass.setBindGroup(0, k.group);
  pass.dispatchWorkgroups(k.dispatch[0], k.dispatch[1], k.dispatch[2]);
}

export class ProgramRunner {
  private t = 0;
  private failure: Error | undefined;

  private constructor(
    readonly device: GPUDevice,
    readonly program: Program,
    private readonly buffers: readonly GPUBuffer[],
    private readonly borrowed: ReadonlySet<GPUBuffer>,
    private readonly kernels: readonly Ready[],
    private readonly optimizer: Ready | undefined,
  ) {}

  /**
   * `shared`: buffers another runner made, by label ("parameters"), used
   * instead of new ones, so that programs of one module (training step,
   * inference) work on the same weights.
   */
  static async create(device: GPUDevice, program: Program, shared: ReadonlyMap<string, GPUBuffer> = new Map(), opts: PipelineOptions = {}): Promise<ProgramRunner> {
    if (program.format !== "dlc-program" || program.version !== 1) throw new ProgramError(`not a dlc program of version 1 (format ${String(program.format)}, version ${String(program.version)})`);
    const limit = device.limits.maxStorageBufferBindingSize;
    for (const k of [...program.kernels, ...(program.optimizer ? [program.optimizer.kernel] : [])]) {
      for (const b of k.bindings) {
        if (b.size > limit) throw new ProgramError(`kernel '${k.label}' binds ${b.size} bytes of '${program.buffers[b.buffer]!.label}', over this device's maxStorageBufferBindingSize of ${limit} bytes; compile with a smaller --batch`);
      }
    }
    // Pipelines first: a kernel that does not compile leaves no buffers behind.
    let pipelines: GPUComputePipeline[];
    try {
      pipelines = await createPipelines(device, kernelsOf([program]), opts);
    } catch (e) {
      if (e instanceof PipelineError) throw new ProgramError(e.message);
      throw e;
    }
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const maxBuffer = device.limits.maxBufferSize;
    const buffers = program.buffers.map((b) => {
      const given = shared.get(b.label);
      if (given) {
        if (given.size < b.bytes) throw new ProgramError(`the shared '${b.label}' buffer has ${given.size} bytes, the program needs ${b.bytes}`);
        return given;
      }
      if (b.bytes > maxBuffer) throw new ProgramError(`the '${b.label}' buffer needs ${b.bytes} bytes, over this device's maxBufferSize of ${maxBuffer} bytes; compile with a smaller --batch`);
      return device.createBuffer({ label: b.label, size: b.bytes, usage });
    });
    device.pushErrorScope("validation");
    const ready = (k: ProgramKernel, pipeline: GPUComputePipeline): Ready => {
      const group = device.createBindGroup({
        label: k.label,
        layout: pipeline.getBindGroupLayout(0),
        entries: k.bindings.map((r, binding) => ({ binding, resource: { buffer: buffers[r.buffer]!, offset: r.offset, size: r.size } })),
      });
      return { pipeline, group, dispatch: k.dispatch };
    };
    const kernels = program.kernels.map((k, i) => ready(k, pipelines[i]!));
    const optimizer = program.optimizer ? ready(program.optimizer.kernel, pipelines[program.kernels.length]!) : undefined;
    const err = await device.popErrorScope();
    if (err) throw new ProgramError(`internal: the program's kernels do not validate on this device: ${err.message}`);
    return new ProgramRunner(device, program, buffers, new Set(shared.values()), kernels, optimizer);
  }

  private write(r: ProgramRange, data: Float32Array | Int32Array): void {
    this.device.queue.writeBuffer(this.buffers[r.buffer]!, r.offset, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }

  writeParams(values: ReadonlyMap<string, Float32Array>): void {
    const byName = new Map(this.program.params.map((p) => [p.name, p]));
    for (const [name, data] of values) {
      const p = byName.get(name);
      if (!p) throw new ProgramError(`unknown parameter '${name}'`);
      if (data.byteLength !== p.range.size) throw new ProgramError(`parameter '${name}' has ${data.length} values, expected ${p.range.size / 4} (shape [${p.shape.join(", ")}])`);
      this.write(p.range, data);
    }
  }

  /** Writes every input; each must be present with its full size and type. */
  writeInputs(inputs: ReadonlyMap<string, Float32Array | Int32Array>): void {
    for (const t of this.program.inputs) {
      const data = inputs.get(t.name);
      const want = t.range.size / 4;
      if (!data) throw new ProgramError(`missing input '${t.name}' (shape [${t.shape.join(", ")}], ${t.dtype})`);
      const kind = data instanceof Int32Array ? "i32" : "f32";
      if (kind !== t.dtype) throw new ProgramError(`input '${t.name}' must be ${t.dtype === "i32" ? "an Int32Array" : "a Float32Array"}, got ${data.constructor.name}`);
      if (data.length !== want) throw new ProgramError(`input '${t.name}' has ${data.length} values, expected ${want} (shape [${t.shape.join(", ")}])`);
      this.write(t.range, data);
    }
  }

  /**
   * Runs the program once: a forward pass, or one training step at
   * learning rate `lr`. Returns the tensors named in `read` (by the names of
   * outputs, losses and "loss"); reads nothing, and does not wait, when
   * `read` is empty.
   */
  async run(inputs: ReadonlyMap<string, Float32Array | Int32Array> | "resident", opts: { lr?: number; read?: readonly string[] } = {}): Promise<Map<string, Float32Array>> {
    if (this.failure) throw this.failure;
    // "resident": the inputs the last run wrote are still on the device (a benchmark's fixed batch).
    this.prepare(inputs, opts.lr);
    this.device.pushErrorScope("validation");
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (const k of this.dispatches) dispatch(pass, k);
    pass.end();
    const wanted = (opts.read ?? []).map((name) => this.tensor(name));
    const out = wanted.length ? await this.readRanges(enc, wanted.map((t) => [t.name, t.range] as const)) : (this.device.queue.submit([enc.finish()]), new Map<string, Float32Array>());
    const scope = this.device.popErrorScope().then((e) => {
      if (e && !this.failure) this.failure = new ProgramError(`internal: step ${this.t} failed on the device: ${e.message}`);
    });
    if (wanted.length) {
      await scope;
      if (this.failure) throw this.failure;
    }
    return out;
  }

  /** Writes the inputs and, for a training step, advances the step and writes its per-step values. */
  private prepare(inputs: ReadonlyMap<string, Float32Array | Int32Array> | "resident", lr: number | undefined): void {
    // "resident": the inputs the last run wrote are still on the device (a benchmark's fixed batch).
    if (inputs !== "resident") this.writeInputs(inputs);
    const opt = this.program.optimizer;
    if (!opt) return;
    if (!(typeof lr === "number" && lr > 0)) throw new ProgramError("a training step needs a learning rate > 0");
    this.t++;
    this.write(opt.step, stepValues(opt.hyper, lr, this.t));
  }

  /** Every dispatch of a run, in order: the kernels, then the optimizer. */
  private get dispatches(): readonly Ready[] {
    return this.optimizer ? [...this.kernels, this.optimizer] : this.kernels;
  }

  /**
   * Runs the program once, as run() does (a training step advances the
   * weights), with each kernel in a compute pass of its own that records
   * timestamps, and returns the GPU milliseconds of every kernel, the
   * optimizer last. For profiling, not for throughput: the passes and the
   * queries cost a little and the wait at the end is a full stall. Needs
   * the `timestamp-query` feature (hasTimestamps).
   */
  async profile(inputs: ReadonlyMap<string, Float32Array | Int32Array> | "resident", opts: { lr?: number } = {}): Promise<{ label: string; dispatch: readonly [number, number, number]; ms: number }[]> {
    if (this.failure) throw this.failure;
    if (!hasTimestamps(this.device)) throw new ProgramError("this device has no timestamp-query feature: profile by wall clock instead (timeKernel)");
    this.prepare(inputs, opts.lr);
    const all = this.dispatches;
    const labels = [...this.program.kernels.map((k) => k.label), ...(this.program.optimizer ? [this.program.optimizer.kernel.label] : [])];
    this.device.pushErrorScope("validation");
    const ms = await timePasses(this.device, all.length, (i, pass) => dispatch(pass, all[i]!));
    const e = await this.device.popErrorScope();
    if (e) throw new ProgramError(`internal: the profiled step failed on the device: ${e.message}`);
    return all.map((k, i) => ({ label: labels[i]!, dispatch: k.dispatch, ms: ms[i]! }));
  }

  /**
   * Milliseconds per dispatch of kernel `index` alone, run `reps` times in
   * one pass after one untimed run (its pipeline compiled, caches warm); for
   * the autotuner and the profiler, not for training. The buffers hold
   * whatever the last run left, which is all a GEMM's timing depends on.
   * GPU time from timestamps where the device has them.
   */
  async timeKernel(index: number, reps: number): Promise<number> {
    const k = this.kernels[index];
    if (!k) throw new ProgramError(`no kernel ${index}: the program has ${this.kernels.length}`);
    const once = (n: number) => {
      const enc = this.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(k.pipeline);
      pass.setBindGroup(0, k.group);
      for (let i = 0; i < n; i++) pass.dispatchWorkgroups(k.dispatch[0], k.dispatch[1], k.dispatch[2]);
      pass.end();
      this.device.queue.submit([enc.finish()]);
      return this.device.queue.onSubmittedWorkDone();
    };
    await once(1);
    // GPU time where the device records timestamps (no submit or wake-up latency in it), else the wall clock.
    if (hasTimestamps(this.device)) {
      const [ms] = await timePasses(this.device, 1, (_, pass) => {
        pass.setPipeline(k.pipeline);
        pass.setBindGroup(0, k.group);
        for (let i = 0; i < reps; i++) pass.dispatchWorkgroups(k.dispatch[0], k.dispatch[1], k.dispatch[2]);
      });
      if (Number.isFinite(ms)) return ms! / reps;
    }
    const t0 = performance.now();
    await once(reps);
    return (performance.now() - t0) / reps;
  }

  private tensor(name: string): ProgramTensor {
    const p = this.program;
    const t = name === "loss" ? p.loss : [...p.outputs, ...(p.losses ?? []).map((l) => ({ ...l, name: `loss.${l.name}` }))].find((o) => o.name === name);
    if (!t) throw new ProgramError(`nothing named '${name}' to read: outputs are ${p.outputs.map((o) => o.name).join(", ")}${p.losses ? `; losses are ${p.losses.map((l) => `loss.${l.name}`).join(", ")} and loss` : ""}`);
    return t;
  }

  /** Every parameter (waits for the queued work). */
  async readParams(): Promise<Map<string, Float32Array>> {
    const enc = this.device.createCommandEncoder();
    return this.readRanges(enc, this.program.params.map((p) => [p.name, p.range] as const));
  }

  private readRanges(enc: GPUCommandEncoder, ranges: readonly (readonly [string, ProgramRange])[]): Promise<Map<string, Float32Array>> {
    return readBack(this.device, enc, ranges.map(([k, r]) => [k, { buffer: this.buffers[r.buffer]!, offset: r.offset, size: r.size }] as const));
  }


  /**
   * The optimizer's state by PyTorch's names, for checkpoints:
   * NAME/momentum_buffer (SGD with momentum), NAME/exp_avg and
   * NAME/exp_avg_sq (Adam, AdamW). Empty for plain SGD. Waits for queued work.
   */
  async readOptimizerState(): Promise<Map<string, Float32Array>> {
    const layout = this.stateLayout();
    if (!layout) return new Map();
    const enc = this.device.createCommandEncoder();
    const flat = (await this.readRanges(enc, [["state", layout.range] as const])).get("state")!;
    const out = new Map<string, Float32Array>();
    for (const p of layout.trained) {
      const at = p.range.offset / 4;
      const n = p.range.size / 4;
      layout.fields.forEach((field, k) => out.set(stateKey(p.name, field), flat.slice(k * layout.length + at, k * layout.length + at + n)));
    }
    return out;
  }

  /** Restores what readOptimizerState returned (resume). */
  writeOptimizerState(state: ReadonlyMap<string, Float32Array | Float64Array>): void {
    const layout = this.stateLayout();
    if (!layout) return;
    const buffer = this.buffers[layout.range.buffer]!;
    for (const p of layout.trained) {
      layout.fields.forEach((field, k) => {
        // A parameter without state starts from zero, as PyTorch's fresh state does.
        const v = state.get(stateKey(p.name, field)) ?? new Float32Array(p.range.size / 4);
        if (v.length * 4 !== p.range.size) throw new ProgramError(`optimizer state '${stateKey(p.name, field)}' has ${v.length} values, expected ${p.range.size / 4}`);
        const data = Float32Array.from(v);
        this.device.queue.writeBuffer(buffer, k * layout.length * 4 + p.range.offset, data.buffer as ArrayBuffer, 0, data.byteLength);
      });
    }
  }

  /** Where the optimizer keeps its state: the trained parameters come first in the parameter buffer, and the state mirrors them. */
  private stateLayout() {
    const opt = this.program.optimizer;
    if (!opt) return undefined;
    const layout = optimizerStateLayout(opt.hyper);
    if (layout.fields.length === 0) return undefined;
    const params = opt.kernel.bindings[optimizerBinding(layout, "params")]!;
    const length = params.size / 4;
    const trained = this.program.params.filter((p) => p.range.buffer === params.buffer && p.range.offset < length * 4);
    return { range: opt.kernel.bindings[optimizerBinding(layout, "state")]!, length, fields: layout.fields, trained };
  }

  /** Training steps taken (Adam's t). */
  get steps(): number {
    return this.t;
  }

  set steps(t: number) {
    this.t = t;
  }

  /** The buffer with this label (to share it with another runner). */
  buffer(label: string): GPUBuffer {
    const i = this.program.buffers.findIndex((b) => b.label === label);
    if (i < 0) throw new ProgramError(`the program has no '${label}' buffer`);
    return this.buffers[i]!;
  }

  /** Frees the buffers this runner made (not those it was given). */
  destroy(): void {
    for (const b of this.buffers) if (!this.borrowed.has(b)) b.destroy();
  }
}
