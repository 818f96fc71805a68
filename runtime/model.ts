// The class a compiled module extends: create() acquires a device, builds
// the module's programs (sharing one parameter buffer) and initialises the
// weights as the reference executor would; forward() runs inference,
// trainStep() one training step, train()/eval() choose how forward()
// treats batch norm and dropout, save()/load() move weights through
// safetensors checkpoints.

import type { ModuleManifest } from "../core/program/manifest.js";
import { elementCount } from "../core/ir/graph.js";
import { sampleParams } from "../core/params/init.js";
import { acquireDevice } from "./webgpu/device.js";
import type { PipelineOptions } from "./webgpu/pipelines.js";
import { preparePrograms, ProgramRunner } from "./webgpu/program.js";

export interface ModelOptions {
  /** A device to use; by default one is acquired (SwiftShader on a machine without a GPU). */
  readonly device?: GPUDevice;
  /** Seed of the initial weights; default the training section's seed. */
  readonly seed?: number;
  /**
   * While the kernels compile (most of create()'s time: seconds to a
   * minute on a software driver), called with 0 first, then after each,
   * up to `total`, the distinct kernels of the module's programs that this
   * device has not compiled before.
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** How pipelines are made (runtime/webgpu/pipelines.ts); the defaults suit the machine, this is for benchmarks. */
  readonly pipelines?: Omit<PipelineOptions, "onProgress">;
}

export interface StepResult {
  /** The weighted total. */
  readonly loss: number;
  /** Each loss of the training section, by the output it reads. */
  readonly losses: Readonly<Record<string, number>>;
}

export class ModelError extends Error {}

/**
 * Checkpoint files are Node's business: loaded on demand from a computed
 * URL, so that a browser bundle of the runtime does not include them.
 */
function checkpoints(): Promise<typeof import("./checkpoint/checkpoint.js")> {
  const url = new URL("./checkpoint/checkpoint.js", import.meta.url).href;
  return import(/* @vite-ignore */ url) as Promise<typeof import("./checkpoint/checkpoint.js")>;
}

type Arrays = Readonly<Record<string, Float32Array | Int32Array>>;

export class CompiledModel<I extends Arrays = Arrays, O = Record<string, Float32Array>, L extends Arrays = Arrays, P extends string = string> {
  private mode: "train" | "eval" = "eval";

  constructor(
    readonly manifest: ModuleManifest,
    readonly device: GPUDevice,
    private readonly infer: ProgramRunner,
    private readonly trainForward: ProgramRunner | undefined,
    private readonly trainer: ProgramRunner | undefined,
  ) {}

  static async instantiate<T>(ctor: new (m: ModuleManifest, d: GPUDevice, i: ProgramRunner, f: ProgramRunner | undefined, t: ProgramRunner | undefined) => T, manifest: ModuleManifest, options: ModelOptions = {}): Promise<T> {
    if (manifest.format !== "dlc-module" || manifest.version !== 1) throw new ModelError("not a dlc module manifest of version 1");
    const device = options.device ?? (await acquireDevice()).device;
    const p = manifest.programs;
    const pipelines: PipelineOptions = { ...options.pipelines };
    // Every program's pipelines in one go: one progress count, shared kernels made once.
    if (pipelines.cache !== false) await preparePrograms(device, [p.train, p.trainForward, p.infer].filter((q) => q !== undefined), { ...pipelines, onProgress: options.onProgress });
    // Without the cache (a benchmark's baseline) each program reports on its own.
    const each: PipelineOptions = pipelines.cache === false ? { ...pipelines, onProgress: options.onProgress } : pipelines;
    const trainer = p.train ? await ProgramRunner.create(device, p.train, new Map(), each) : undefined;
    const shared = trainer ? new Map([["parameters", trainer.buffer("parameters")]]) : new Map<string, GPUBuffer>();
    const infer = await ProgramRunner.create(device, p.infer, shared, each);
    const params = trainer ? shared : new Map([["parameters", infer.buffer("parameters")]]);
    const trainForward = p.trainForward ? await ProgramRunner.create(device, p.trainForward, params, each) : undefined;
    const model = new ctor(manifest, device, infer, trainForward, trainer);
    const shapes = new Map(manifest.params.map((q) => [q.name, q.shape]));
    const init = sampleParams(new Map(manifest.init.specs), shapes, options.seed ?? manifest.init.seed, "f32");
    (trainer ?? infer).writeParams(new Map([...init].map(([k, t]) => [k, t.data as Float32Array])));
    return model;
  }

  /** forward() uses batch statistics and dropout (as PyTorch's train()); needs a module compiled with --train. */
  train(): this {
    if (!this.trainForward) throw new ModelError(`'${this.manifest.network}' was compiled for inference only: compile with --train to train it`);
    this.mode = "train";
    return this;
  }

  /** forward() uses the running statistics and no dropout. */
  eval(): this {
    this.mode = "eval";
    return this;
  }

  get training(): boolean {
    return this.mode === "train";
  }

  private check(given: Arrays, expected: ModuleManifest["inputs"], what: string, allowed: ModuleManifest["inputs"] = expected): Map<string, Float32Array | Int32Array> {
    const out = new Map<string, Float32Array | Int32Array>();
    for (const t of expected) {
      const v = given[t.name];
      const shape = [this.manifest.batch, ...t.shape];
      const want = elementCount(shape);
      if (v === undefined) throw new ModelError(`${what} '${t.name}' is missing: expected ${t.dtype === "i32" ? "an Int32Array" : "a Float32Array"} of shape [${shape.join(", ")}]`);
      const dtype = v instanceof Int32Array ? "i32" : v instanceof Float32Array ? "f32" : "other";
      if (dtype !== t.dtype) throw new ModelError(`${what} '${t.name}' must be ${t.dtype === "i32" ? "an Int32Array" : "a Float32Array"} (${t.dtype}), got ${(v as object).constructor.name}`);
      if (v.length !== want) throw new ModelError(`${what} '${t.name}' has ${v.length} values, but shape [${shape.join(", ")}] needs ${want}`);
      out.set(t.name, v);
    }
    const known = new Set(allowed.map((t) => t.name));
    const extra = Object.keys(given).filter((k) => !known.has(k));
    if (extra.length) throw new ModelError(`unknown ${extra.map((e) => `'${e}'`).join(", ")}: expected ${allowed.map((t) => `'${t.name}'`).join(", ")}`);
    return out;
  }

  /** One forward pass over a batch; returns every output. */
  async forward(inputs: I): Promise<O> {
    const runner = this.mode === "train" ? this.trainForward! : this.infer;
    const got = await runner.run(this.check(inputs, this.manifest.inputs, "input"), { read: this.manifest.outputs.map((o) => o.name) });
    return Object.fromEntries(got) as O;
  }

  /** One training step on a batch of inputs and labels, at the given or the training section's learning rate. */
  async trainStep(batch: I & L, opts: { lr?: number } = {}): Promise<StepResult> {
    if (!this.trainer || !this.manifest.training) throw new ModelError(`'${this.manifest.network}' was compiled for inference only: compile with --train to train it`);
    const all = [...this.manifest.inputs, ...this.manifest.labels];
    const feeds = new Map([...this.check(batch, this.manifest.inputs, "input", all), ...this.check(batch, this.manifest.labels, "label", all)]);
    const names = [...this.manifest.losses.map((l) => `loss.${l}`), "loss"];
    const got = await this.trainer.run(feeds, { lr: opts.lr ?? this.manifest.training.lr, read: names });
    return { loss: got.get("loss")![0]!, losses: Object.fromEntries(this.manifest.losses.map((l) => [l, got.get(`loss.${l}`)![0]!])) };
  }

  /** Every parameter and buffer, by its PyTorch-style name. */
  async getParams(): Promise<Map<P, Float32Array>> {
    return (await (this.trainer ?? this.infer).readParams()) as Map<P, Float32Array>;
  }

  setParams(values: ReadonlyMap<P, Float32Array>): void {
    (this.trainer ?? this.infer).writeParams(values);
  }

  /** Writes the weights to a safetensors file, atomically (Node only). */
  async save(path: string): Promise<void> {
    const { saveCheckpoint } = await checkpoints();
    saveCheckpoint(path, this.checkpointGraph(), await this.getParams(), { epoch: 0, step: 0, seed: this.manifest.init.seed });
  }

  /** Loads weights from a safetensors file; refuses a file that does not fit, loading nothing (Node only). */
  async load(path: string): Promise<void> {
    const { loadCheckpoint } = await checkpoints();
    const c = loadCheckpoint(path, this.checkpointGraph());
    this.setParams(new Map([...c.params].map(([k, v]) => [k as P, Float32Array.from(v)])));
  }

  private checkpointGraph() {
    return {
      name: this.manifest.network,
      params: new Map(this.manifest.params.map((p) => [p.name, { name: p.name, shape: p.shape, kind: p.kind, trainable: p.trainable, owner: p.name }])),
    };
  }

  /** Frees the device buffers of the module. */
  destroy(): void {
    this.trainForward?.destroy();
    this.infer.destroy();
    this.trainer?.destroy();
  }
}
