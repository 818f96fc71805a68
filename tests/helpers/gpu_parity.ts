// Runs a graph on the WebGPU executor and on the reference executor in
// float32 with the same weights and feeds, and returns both values of the
// nodes asked for: the parity check every kernel family uses.

import type { Graph } from "../../core/ir/graph.js";
import { lowerGraph } from "../../compiler/codegen/lower.js";
import type { GemmChooser } from "../../ops/templates/gemm_choice.js";
import { execute } from "../../reference/executor.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { backwardKernels } from "../../ops/implementations.js";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { acquireDevice, type DeviceHandle } from "../../runtime/webgpu/device.js";
import { GpuExecutor } from "../../host/webgpu/executor.js";

let handle: Promise<DeviceHandle> | undefined;
export function sharedDevice(): Promise<DeviceHandle> {
  handle ??= acquireDevice();
  return handle;
}

export interface Parity {
  readonly gpu: Map<number, Float32Array>;
  readonly ref: Map<number, Float64Array | Float32Array>;
}

/**
 * Random feeds (normal floats; integer inputs uniform in [0, classes)),
 * weights from initParams(seed). `classes` bounds integer inputs.
 */
export async function runBoth(g: Graph, batch: number, read: readonly number[], opts: { seed?: number; classes?: number; params?: Map<string, Tensor>; gemmChoice?: GemmChooser } = {}): Promise<Parity> {
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const params = opts.params ?? initParams(g, seed, "f32");
  // BN statistics start at the defaults; give them non-trivial values so eval-mode kernels are exercised.
  const feeds = new Map<string, Tensor>();
  const gpuFeeds = new Map<string, Float32Array | Int32Array>();
  for (const id of g.inputs) {
    const n = g.nodes[id]!;
    const count = batch * n.shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: count }, () => (n.dtype === "i32" ? Math.floor(rng.uniform() * (opts.classes ?? 2)) : rng.normal()));
    feeds.set(n.name, fromArray([batch, ...n.shape], values, "f32"));
    gpuFeeds.set(n.name, n.dtype === "i32" ? Int32Array.from(values) : Float32Array.from(values));
  }
  const reference = execute(g, { feeds, params, batch, precision: "f32", kernels: backwardKernels });
  const { device } = await sharedDevice();
  const plan = lowerGraph(g, batch, device.limits.maxComputeWorkgroupsPerDimension, opts.gemmChoice);
  const gpu = await GpuExecutor.create(device, g, plan);
  gpu.writeParams(new Map([...params].map(([k, t]) => [k, Float32Array.from(t.data)])));
  const out = await gpu.run(gpuFeeds, read);
  gpu.destroy();
  return { gpu: out, ref: new Map(read.map((id) => [id, reference.values[id]!.data])) };
}

/** max|a − b| / max(max|a|, max|b|, 1e-30): the relative error the 1e-4 bound is on. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}
