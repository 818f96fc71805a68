// The reference executor: runs a graph node by node with the naive kernels
// of kernels/ (float64 by default, float32 on request) and returns every
// node's value. It is the oracle the WebGPU runtime is tested against.
//
// - `input` nodes take their value from the feeds: a batched tensor of shape
//   [N, ...node.shape] per input (converted to the run's precision);
// - every other node runs its kernel: forwardKernels, with opts.kernels
//   (backward and loss kernels) merged over them; parameters are passed by
//   role, unbatched; the expected output shape is [N, ...node.shape] for
//   batched ops (core/ir/batched.ts) and node.shape otherwise;
// - for every node whose op keeps running state and updates it with these
//   attributes (bn in training mode: ops/bn/op.ts's runningState) the batch
//   mean and the UNBIASED batch variance per channel of the op's input are
//   returned in bnStats (the op's reference runningStats), for the
//   running-statistics update of the training loop.

import { formatShape, type Graph } from "../core/ir/graph.js";
import { batchedValues } from "../compiler/passes/batched.js";
import type { Kernel, KernelContext, RunningStats } from "../ops/reference_kernel.js";
import { forwardKernels, referenceOf } from "../ops/implementations.js";
import { lookupOp } from "../ops/registry.js";
import { zeros, type Precision, type Tensor } from "../core/tensor/tensor.js";

export interface ExecuteOptions {
  /** Input name → batched tensor [N, ...per-sample shape]. */
  readonly feeds: ReadonlyMap<string, Tensor>;
  /** Parameter name (as in graph.params) → tensor of the parameter's shape. */
  readonly params: ReadonlyMap<string, Tensor>;
  /** Batch size; by default the first dimension of the feeds. */
  readonly batch?: number;
  readonly precision?: Precision;
  /** Training step, for dropout masks; default 0. */
  readonly step?: number;
  /** Extra kernels by op name (backward and loss ops), over the forward ones. */
  readonly kernels?: Readonly<Record<string, Kernel>>;
  /** Stop after this node id (a loss, for finite differences); later values stay unset. */
  readonly upTo?: number;
}

/** Per-channel batch mean and unbiased batch variance (divided by m − 1), [C] each. */
export type BnBatchStats = RunningStats;

export interface ExecuteResult {
  /** Each node's value, indexed by node id. */
  readonly values: Tensor[];
  /** Batch statistics of each node updating running state (training-mode bn), by node name. */
  readonly bnStats: Map<string, BnBatchStats>;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function convert(t: Tensor, precision: Precision): Tensor {
  const want = precision === "f32" ? Float32Array : Float64Array;
  if (t.data instanceof want) return t;
  const c = zeros(t.shape, precision);
  c.data.set(t.data);
  return c;
}

export function execute(graph: Graph, opts: ExecuteOptions): ExecuteResult {
  const precision: Precision = opts.precision ?? "f64";
  const step = opts.step ?? 0;
  const kernels: Readonly<Record<string, Kernel>> = { ...forwardKernels, ...(opts.kernels ?? {}) };

  // The batch: given, or the first dimension of the first feed.
  let batch = opts.batch;
  if (batch === undefined) {
    for (const id of graph.inputs) {
      const feed = opts.feeds.get(graph.nodes[id]!.name);
      if (feed && feed.shape.length > 0) {
        batch = feed.shape[0]!;
        break;
      }
    }
  }
  if (batch === undefined) throw new Error("cannot tell the batch size: no batch given and no input fed");

  // Feeds: every input present, of shape [N, ...node.shape].
  for (const id of graph.inputs) {
    const node = graph.nodes[id]!;
    const feed = opts.feeds.get(node.name);
    const want = [batch, ...node.shape];
    if (!feed) throw new Error(`missing feed for input '${node.name}' (expected shape ${formatShape(want)})`);
    if (!sameShape(feed.shape, want)) {
      throw new Error(`input '${node.name}' was fed shape ${formatShape(feed.shape)}, but the graph expects ${formatShape(want)}`);
    }
  }

  const values: Tensor[] = new Array<Tensor>(graph.nodes.length);
  const batchedOf = batchedValues(graph);
  const bnStats = new Map<string, BnBatchStats>();
  for (const node of graph.nodes) {
    if (opts.upTo !== undefined && node.id > opts.upTo) break;
    if (node.op === "input") {
      const feed = opts.feeds.get(node.name);
      if (!feed) throw new Error(`missing feed for input '${node.name}' (expected shape ${formatShape([batch, ...node.shape])})`);
      values[node.id] = convert(feed, precision);
      continue;
    }
    const kernel = kernels[node.op];
    if (!kernel) throw new Error(`no reference kernel for op '${node.op}' (node '${node.name}')`);

    const inputs = node.inputs.map((i) => {
      const v = values[i];
      if (!v) throw new Error(`internal: node '${node.name}' reads node ${i} before it has a value`);
      return v;
    });
    const params: Record<string, Tensor> = {};
    for (const [role, name] of Object.entries(node.params)) {
      const t = opts.params.get(name);
      if (!t) throw new Error(`missing parameter '${name}' (role '${role}' of node '${node.name}')`);
      const info = graph.params.get(name);
      if (info && !sameShape(t.shape, info.shape)) {
        throw new Error(`parameter '${name}' has shape ${formatShape(t.shape)}, but the graph declares ${formatShape(info.shape)}`);
      }
      params[role] = convert(t, precision);
    }

    const batched = batchedOf[node.id]!;
    const outShape = batched ? [batch, ...node.shape] : [...node.shape];
    const ctx: KernelContext = { batch, precision, step, outShape, referenceOf };
    const y = kernel(inputs, node.attrs, params, ctx);
    if (!sameShape(y.shape, outShape)) {
      throw new Error(`internal: kernel '${node.op}' of node '${node.name}' returned shape ${formatShape(y.shape)}, but the graph expects ${formatShape(outShape)}`);
    }
    values[node.id] = y;

    const running = lookupOp(node.op)?.runningState;
    if (running?.active(node.attrs)) {
      const stats = referenceOf(node.op)?.runningStats;
      if (!stats) throw new Error(`internal: op '${node.op}' keeps running state but its reference has no runningStats`);
      bnStats.set(node.name, stats(inputs[running.input]!, precision));
    }
  }
  return { values, bnStats };
}
