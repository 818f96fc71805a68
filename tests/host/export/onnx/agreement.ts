// What the ONNX agreement tests share: random weights with non-trivial batch
// norm statistics, a network's outputs from the float64 reference executor,
// the same network exported to ONNX and run in onnxruntime-node (CPU), and
// the difference between the two relative to the outputs' scale.

import * as ort from "onnxruntime-node";
import { checkFile, type CompileOptions } from "../../../../compiler/pipeline.js";
import { initSpecs } from "../../../../compiler/passes/init_rules.js";
import { elementCount, type Graph } from "../../../../core/ir/graph.js";
import { Rng } from "../../../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../../../core/tensor/tensor.js";
import { encodeModel } from "../../../../host/onnx/proto.js";
import { buildOnnxModel } from "../../../../host/export/onnx/build.js";
import { execute } from "../../../../reference/executor.js";

/** The forward graph of a .net file, or an Error listing its diagnostics. */
export function graphOf(path: string, opts: CompileOptions = {}): Graph {
  const r = checkFile(path, opts);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.graph || errors.length) throw new Error(`${path}: ${errors.map((d) => d.message).join("; ")}`);
  return r.graph;
}

/**
 * Weights as float32 values (held in float64, so that the reference computes
 * on exactly what the model stores): each weight with the std of dlc's
 * initialisation (init_rules' specs), then every bias, batch-norm scale and
 * shift and running statistic drawn away from its start (a running mean of
 * 0 and variance of 1 would hide a swapped or dropped statistic). The draws
 * are uniform (std σ from ±√3·σ) from a small xorshift generator rather than
 * dlc's Box–Muller normals: VGG's 140 M weights take 0.5 s instead of 15.
 */
export function randomWeights(g: Graph, seed: number): Map<string, Float64Array> {
  let state = (seed * 2654435761 + 12345) >>> 0 || 1;
  /** Fills data[from, to) with centre + spread·u, u uniform in (−1, 1) by xorshift32, rounded to float32. */
  const fill = (data: Float64Array, from: number, to: number, centre: number, spread: number) => {
    let x = state;
    const k = (2 * spread) / 4294967296;
    for (let i = from; i < to; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      data[i] = Math.fround(centre - spread + (x >>> 0) * k);
    }
    state = x >>> 0 || 1;
  };
  const owners = new Map(g.nodes.flatMap((n) => Object.entries(n.params).map(([role, p]) => [p, { role, op: n.op }] as const)));
  const out = new Map<string, Float64Array>();
  for (const [name, spec] of initSpecs(g)) {
    const data = new Float64Array(elementCount(g.params.get(name)!.shape));
    const { role, op } = owners.get(name)!;
    const normLike = op === "bn" || op === "layernorm" || op === "scale";
    if (role === "running_var") fill(data, 0, data.length, 1, 0.5);
    else if (role === "running_mean" || role === "bias") fill(data, 0, data.length, 0, 0.2);
    else if (role === "weight" && normLike) fill(data, 0, data.length, 1, 0.5);
    // A constant start (prelu's 0.25, a class token's zeros) spread too, so that a dropped parameter shows.
    else if ("fill" in spec) fill(data, 0, data.length, spec.fill, 0.2);
    else spec.stds.forEach((std, b) => fill(data, b * spec.block, Math.min((b + 1) * spec.block, data.length), 0, Math.sqrt(3) * std));
    out.set(name, data);
  }
  return out;
}

/** Standard normal samples for every input, [batch, ...shape] (float32 values); ids 0 … 3 for an i32 input. */
export function randomFeeds(g: Graph, batch: number, seed: number): Map<string, { shape: number[]; data: Float64Array; dtype: "f32" | "i32" }> {
  const rng = new Rng(seed);
  return new Map(
    g.inputs.map((id) => {
      const n = g.nodes[id]!;
      const count = batch * elementCount(n.shape);
      const data = Float64Array.from({ length: count }, () => (n.dtype === "i32" ? Math.floor(rng.uniform() * 4) : Math.fround(rng.normal())));
      return [n.name, { shape: [batch, ...n.shape], data, dtype: n.dtype }];
    }),
  );
}

/** The network's outputs by name from the float64 reference executor. */
export function referenceOutputs(g: Graph, weights: ReadonlyMap<string, Float64Array>, feeds: ReturnType<typeof randomFeeds>): Map<string, Tensor> {
  // The weights as they are (no copy: VGG's are 1.1 GB in float64).
  const params = new Map([...weights].map(([k, v]): [string, Tensor] => [k, { shape: g.params.get(k)!.shape, data: v }]));
  const { values } = execute(g, { feeds: new Map([...feeds].map(([k, f]) => [k, fromArray(f.shape, f.data)])), params });
  return new Map(g.outputs.map((o) => [o.name, values[o.node]!]));
}

/** The model's outputs by name from onnxruntime-node on the CPU. */
export async function ortOutputs(model: Uint8Array, feeds: ReturnType<typeof randomFeeds>): Promise<Map<string, { dims: readonly number[]; data: Float32Array }>> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ["cpu"] });
  try {
    const given = Object.fromEntries(
      [...feeds].map(([k, f]) => [k, f.dtype === "i32" ? new ort.Tensor("int32", Int32Array.from(f.data), f.shape) : new ort.Tensor("float32", Float32Array.from(f.data), f.shape)]),
    );
    const out = await session.run(given);
    return new Map(Object.entries(out).map(([k, t]) => [k, { dims: t.dims, data: t.data as Float32Array }]));
  } finally {
    await session.release();
  }
}

/** The exported bytes of `g` with `weights`. */
export function exportBytes(g: Graph, weights: ReadonlyMap<string, ArrayLike<number>>, batch: number | "dynamic"): Uint8Array {
  return encodeModel(buildOnnxModel(g, weights, { batch }));
}

/** max |a − b| over max |b|: the difference relative to the reference's scale (0 when both are 0). */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    // NaN anywhere is no agreement.
    if (Number.isNaN(d)) return Infinity;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff === 0 ? 0 : diff / scale;
}

export interface Agreement {
  /** Per output: the worst relative difference, and the shapes onnxruntime and the reference gave. */
  readonly outputs: Map<string, { readonly diff: number; readonly ort: readonly number[]; readonly ref: readonly number[] }>;
  /** The exported model's bytes. */
  readonly model: Uint8Array;
}

/**
 * Exports `g` at `batch` (fixed, or dynamic and run at `runBatch`), runs it
 * in onnxruntime and the reference, and returns the worst relative
 * difference per output, with the shapes each gave, and the model.
 */
export async function agreement(g: Graph, opts: { readonly batch: number | "dynamic"; readonly runBatch?: number; readonly seed?: number }): Promise<Agreement> {
  const seed = opts.seed ?? 1;
  const weights = randomWeights(g, seed);
  const runBatch = opts.batch === "dynamic" ? (opts.runBatch ?? 2) : opts.batch;
  const feeds = randomFeeds(g, runBatch, seed + 1);
  const model = exportBytes(g, weights, opts.batch);
  const got = await ortOutputs(model, feeds);
  const want = referenceOutputs(g, weights, feeds);
  const outputs = new Map(
    g.outputs.map((o) => {
      const r = want.get(o.name)!;
      const x = got.get(o.name);
      return [o.name, { diff: x ? relativeDifference(x.data, r.data) : Infinity, ort: x?.dims ?? [], ref: r.shape }] as const;
    }),
  );
  return { outputs, model };
}
