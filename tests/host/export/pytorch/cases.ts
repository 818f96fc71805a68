// One exported network with its weights and a batch of inputs, ready for
// parity.py: DIR/NAME.py (the export), DIR/NAME.safetensors (random weights
// and non-trivial BN statistics, float32, as a dlc checkpoint), and
// DIR/NAME.io.safetensors (the inputs, float32 or int64, and the float64
// reference executor's eval-mode outputs on them).

import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFile } from "../../../../compiler/pipeline.js";
import { elementCount, type Graph } from "../../../../core/ir/graph.js";
import { Rng } from "../../../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../../../core/tensor/tensor.js";
import { pytorchSource } from "../../../../host/export/pytorch/source.js";
import { execute } from "../../../../reference/executor.js";
import { saveCheckpoint } from "../../../../runtime/checkpoint/checkpoint.js";
import { encodeSafetensors, type SafeTensor } from "../../../../runtime/checkpoint/safetensors.js";

/**
 * A scratch folder for cases: in memory (/dev/shm) where the machine has
 * one, as the stdlib's weights are gigabytes written once and read once.
 */
export function scratchDir(prefix: string): string {
  let base = tmpdir();
  try {
    if (statSync("/dev/shm").isDirectory()) base = "/dev/shm";
  } catch {
    // no /dev/shm: the system's temporary folder
  }
  return mkdtempSync(join(base, prefix));
}

/** What parity.py reads for one case. */
export interface Job {
  readonly name: string;
  readonly py: string;
  readonly weights: string;
  readonly io: string;
  /** The graph's inputs, in forward-argument order. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** What parity.py answers for one case. */
export interface JobResult {
  readonly name: string;
  readonly names?: string[];
  readonly params?: number;
  readonly errors?: Record<string, number | string>;
  readonly error?: string;
}

/** The forward graph of `file` (or of `text`), with no errors. */
export function graphOf(file: string, opts: { text?: string; net?: string; inputs?: Map<string, number[]>; params?: Map<string, number | boolean | string> } = {}): Graph {
  const r = checkFile(file, { text: opts.text, network: opts.net, inputs: opts.inputs, params: opts.params });
  const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
  if (!r.graph || errors.length) throw new Error(`${file} does not check: ${errors.join("; ")}`);
  return r.graph;
}

/** Parameters in both precisions: the float32 values a checkpoint holds, and the same numbers as float64 for the reference. */
export interface CaseParams {
  readonly f32: Map<string, Float32Array>;
  readonly f64: Map<string, Tensor>;
}

/**
 * Random parameters, drawn fast (the stdlib holds a billion weights; one
 * xorshift32 step per value, inline): weights of rank ≥ 2 uniform with
 * variance 1 / fan_in (fan_in the product of all but the first axis), and
 * every rank ≤ 1 tensor (biases, BN, scale, PReLU, LayerNorm) random too, so
 * that a bias applied twice, a swapped scale and shift or BN statistics read
 * as the wrong thing all show: biases and means uniform in ±0.3, scales and
 * variances in [0.5, 1.5). Rounded to float32 once; the float64 copy holds
 * those numbers.
 */
export function randomParams(g: Graph, seed: number): CaseParams {
  // One buffer per precision, each tensor a view: a billion weights in many
  // separate arrays would have V8 collect garbage again and again.
  const total = [...g.params.values()].reduce((t, p) => t + elementCount(p.shape), 0);
  const all32 = new Float32Array(total);
  const all64 = new Float64Array(total);
  const f32 = new Map<string, Float32Array>();
  const f64 = new Map<string, Tensor>();
  let x = (Math.imul(seed + 1, 0x9e3779b1) | 1) >>> 0;
  let at = 0;
  for (const [name, info] of g.params) {
    const n = elementCount(info.shape);
    const single = all32.subarray(at, at + n);
    // u = (xorshift32 state) / 2³², in [0, 1); value = lo + span · u.
    const [lo, span] = info.shape.length >= 2 ? [-1, 2].map((v) => v * Math.sqrt(3 / (n / info.shape[0]!))) : info.kind === "weight" || name.endsWith(".running_var") ? [0.5, 1] : [-0.3, 0.6];
    const scale = span! / 4294967296;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      single[i] = lo! + scale * (x >>> 0);
    }
    const double = all64.subarray(at, at + n);
    double.set(single);
    f64.set(name, { shape: [...info.shape], data: double });
    f32.set(name, single);
    at += n;
  }
  return { f32, f64 };
}

/** Random feeds: normal floats, and ids below `classes` for integer inputs. */
export function randomFeeds(g: Graph, batch: number, seed: number, classes = 4): Map<string, Tensor> {
  const rng = new Rng(seed);
  const feeds = new Map<string, Tensor>();
  for (const id of g.inputs) {
    const n = g.nodes[id]!;
    const count = batch * elementCount(n.shape);
    const v = Array.from({ length: count }, () => (n.dtype === "i32" ? Math.floor(rng.uniform() * classes) : Math.fround(rng.normal())));
    feeds.set(n.name, fromArray([batch, ...n.shape], v));
  }
  return feeds;
}

/** A feed as safetensors: float32, or int64 for integer inputs. */
export function feedTensor(g: Graph, name: string, t: Tensor): SafeTensor {
  const n = g.nodes.find((x) => x.op === "input" && x.name === name)!;
  return n.dtype === "i32" ? { dtype: "I64", shape: [...t.shape], data: BigInt64Array.from(t.data, (v) => BigInt(v)) } : { dtype: "F32", shape: [...t.shape], data: Float32Array.from(t.data) };
}

/** Writes the export, its weights and the reference's outputs for `g` into `dir`; returns parity.py's job. */
export function writeCase(dir: string, g: Graph, opts: { seed: number; batch: number; key?: string }): Job {
  const key = opts.key ?? g.name;
  const params = randomParams(g, opts.seed);
  const feeds = randomFeeds(g, opts.batch, opts.seed);
  const py = join(dir, `${key}.py`);
  writeFileSync(py, pytorchSource(g, { version: "test", command: "tests/host/export/pytorch" }));
  const weights = join(dir, `${key}.safetensors`);
  saveCheckpoint(weights, g, params.f32, { epoch: 0, step: 0, seed: opts.seed });
  const ref = execute(g, { feeds, params: params.f64, precision: "f64" });
  const io = new Map<string, SafeTensor>();
  for (const [name, t] of feeds) io.set(`input.${name}`, feedTensor(g, name, t));
  for (const o of g.outputs) {
    const v = ref.values[o.node]!;
    io.set(`output.${o.name}`, { dtype: "F64", shape: [...v.shape], data: Float64Array.from(v.data) });
  }
  const ioPath = join(dir, `${key}.io.safetensors`);
  writeFileSync(ioPath, encodeSafetensors(io));
  return { name: key, py, weights, io: ioPath, inputs: g.inputs.map((id) => g.nodes[id]!.name), outputs: g.outputs.map((o) => o.name) };
}
