// Split-K for weight gradients, a rewrite of the training graph at a fixed
// batch, before it becomes a GPU program.
//
// A weight gradient is a GEMM whose output (the weight: M × N) is small and
// whose reduction (K = batch × output pixels, or batch rows for dense) is
// long. One workgroup per output tile then leaves most of a device idle:
// LeNet-5's first layer at batch 64 is one tile over 50,176 values of k.
// Such a node becomes two: the same op with `splits` S, computing S partial
// sums over consecutive chunks of k (S times the workgroups), and a
// split_sum that adds them up in order. The partials are an ordinary value
// in the arena, so memory planning and fusion see them like any other.
//
// S is chosen so that the gradient has at least MIN_WORKGROUPS tiles of the
// default 64 × 64 GEMM tile, with chunks of at least MIN_CHUNK values of k
// (shorter chunks would spend more on writing partials than on summing).
// That is a GPU's rule of thumb; a device's measured choice (the autotuner,
// host/tune/split_tune.ts) replaces it per problem through a chooser.

import { elementCount, type Graph, type Node } from "../../core/ir/graph.js";
import { intAttr, pairAttr } from "../../ops/contract.js";
import { splitsOf } from "../../ops/grad_shared.js";
import type { TrainingGraph } from "./autodiff.js";
import { expandNodes } from "./expand_nodes.js";
import { isBatched } from "./batched.js";

const MIN_WORKGROUPS = 64;
const MIN_CHUNK = 256;
const MAX_SPLITS = 64;
const TILE = 64;

/** The GEMM a weight-gradient node computes: M × N outputs in G groups, reduced over K. */
function gemmOf(g: Graph, n: Node, batch: number): { M: number; N: number; G: number; K: number } | undefined {
  if (n.op !== "dense_grad_weight" && n.op !== "conv_grad_weight") return undefined;
  const [xId, dyId] = n.inputs as [number, number];
  const x = g.nodes[xId]!.shape;
  const dy = g.nodes[dyId]!.shape;
  const rows = (id: number, shape: readonly number[]) => (isBatched(g, id) ? batch : 1) * elementCount(shape);
  if (n.op === "dense_grad_weight") {
    const inF = x[x.length - 1]!;
    return { M: dy[dy.length - 1]!, N: inF, G: 1, K: rows(xId, x) / inF };
  }
  const [kh, kw] = pairAttr(n.attrs, "kernel");
  const table = Array.isArray(n.attrs.table);
  const groups = table ? 1 : intAttr(n.attrs, "groups");
  return { M: dy[0]! / groups, N: (x[0]! / groups) * kh * kw, G: groups, K: rows(dyId, dy.slice(1)) };
}

type Gemm = { M: number; N: number; G: number; K: number };

/** The most partial sums a gradient GEMM may have: chunks of at least MIN_CHUNK values of k. */
export function maxSplits(gemm: Gemm): number {
  return Math.max(1, Math.min(MAX_SPLITS, Math.floor(gemm.K / MIN_CHUNK)));
}

/** The number of partial sums for a gradient GEMM (1: leave it whole). */
export function chooseSplits(gemm: Gemm): number {
  const tiles = Math.ceil(gemm.M / TILE) * Math.ceil(gemm.N / TILE) * gemm.G;
  return Math.max(1, Math.min(maxSplits(gemm), Math.ceil(MIN_WORKGROUPS / tiles)));
}

/** A split problem's identity for tuning: the gradient op and its unsplit GEMM. */
export function splitKey(op: string, gemm: Gemm): string {
  return `${op} ${gemm.M}x${gemm.N}x${gemm.K}x${gemm.G}`;
}

/**
 * A device's split count for a problem the rule of thumb would split
 * (`heuristic` > 1), by its key and node; undefined: the rule of thumb.
 * The answer is clamped to 1 … `max`.
 */
export type SplitChooser = (key: string, node: string, limits: { readonly heuristic: number; readonly max: number }) => number | undefined;

/** The training graph with its long, narrow weight gradients split (see the header); itself when none is. */
export function splitWeightGradients(t: TrainingGraph, batch: number, choose?: SplitChooser): TrainingGraph {
  const g = t.graph;
  const splits = g.nodes.map((n) => {
    if (splitsOf(n.attrs) > 1) return 1;
    const gemm = gemmOf(g, n, batch);
    if (!gemm) return 1;
    const heuristic = chooseSplits(gemm);
    if (heuristic === 1 || !choose) return heuristic;
    const max = maxSplits(gemm);
    const chosen = choose(splitKey(n.op, gemm), n.name, { heuristic, max });
    return chosen === undefined ? heuristic : Math.max(1, Math.min(max, Math.floor(chosen)));
  });
  return expandNodes(t, (n, inputs, at) => {
    const s = splits[n.id]!;
    if (s === 1) return undefined;
    return [
      { ...n, name: `${n.name}.partial`, inputs, attrs: { ...n.attrs, splits: s }, shape: [s, ...n.shape] },
      { name: n.name, op: "split_sum", inputs: [at(0)], attrs: {}, params: {}, shape: [...n.shape], dtype: n.dtype, span: n.span },
    ];
  });
}
