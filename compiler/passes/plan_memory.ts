// Memory planning: every value of a step gets an offset in one arena, and
// values whose lifetimes do not overlap share bytes. Lifetimes run in node
// order from the node that writes a value to the last node that reads it;
// inputs live from the start (they are written before the step) and the
// values the caller reads afterwards (losses, outputs) to the end.
//
// Placement is "greedy by size" (as TensorFlow Lite's planner): the largest
// value first, each at the lowest aligned offset that does not collide with
// an already placed value alive at the same time. The liveness lower bound
// (the most bytes alive at any one node) says how close the plan is.

import { alignUp, bytesOf, elementCount, type Graph } from "../../core/ir/graph.js";
import { isBatched } from "./batched.js";

export interface PlannedValue {
  readonly id: number;
  readonly bytes: number;
  readonly first: number;
  readonly last: number;
}

export interface MemoryPlan {
  /** Byte offset per planned value id. */
  readonly offsets: ReadonlyMap<number, number>;
  readonly arenaBytes: number;
  /** Most bytes alive at once: no plan can use less. */
  readonly lowerBoundBytes: number;
  /** Every value in a buffer of its own. */
  readonly naiveBytes: number;
}

/**
 * `values`: what to place, with lifetimes as node positions (inclusive).
 * `align`: the device's storage offset alignment in bytes (256 on most).
 */
export function planMemory(values: readonly PlannedValue[], align = 256): MemoryPlan {
  const sized = values.map((v) => ({ ...v, bytes: alignUp(Math.max(4, v.bytes), align) }));
  const order = [...sized].sort((a, b) => b.bytes - a.bytes || a.first - b.first || a.id - b.id);
  const placed: { first: number; last: number; offset: number; bytes: number }[] = [];
  const offsets = new Map<number, number>();
  let arena = 0;
  for (const v of order) {
    // Blocks already placed that are alive while v is, by offset.
    const clashes = placed.filter((p) => p.first <= v.last && v.first <= p.last).sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const c of clashes) {
      if (offset + v.bytes <= c.offset) break;
      offset = Math.max(offset, c.offset + c.bytes);
    }
    placed.push({ first: v.first, last: v.last, offset, bytes: v.bytes });
    offsets.set(v.id, offset);
    arena = Math.max(arena, offset + v.bytes);
  }
  // The lower bound: sweep the node positions, summing what is alive.
  const events = new Map<number, number>();
  for (const v of sized) {
    events.set(v.first, (events.get(v.first) ?? 0) + v.bytes);
    events.set(v.last + 1, (events.get(v.last + 1) ?? 0) - v.bytes);
  }
  let live = 0;
  let bound = 0;
  for (const k of [...events.keys()].sort((a, b) => a - b)) {
    live += events.get(k)!;
    bound = Math.max(bound, live);
  }
  return { offsets, arenaBytes: arena, lowerBoundBytes: bound, naiveBytes: sized.reduce((a, v) => a + v.bytes, 0) };
}


/**
 * The values of one run of `g` at `batch`, except those in `exclude` (they
 * live elsewhere: gradients in the gradient buffer). `keep` are read after
 * the run and live to the end. `at`: where a node's kernel runs when not at
 * its own position (a fused node runs at its kernel's place, codegen/fusion/partition.ts),
 * so that its inputs stay alive until then.
 */
export function graphValues(g: Graph, batch: number, exclude: ReadonlySet<number>, keep: ReadonlySet<number>, at?: ReadonlyMap<number, number>): PlannedValue[] {
  const end = g.nodes.length;
  const last = g.nodes.map((n) => n.id);
  for (const n of g.nodes) for (const i of n.inputs) last[i] = Math.max(last[i]!, at?.get(n.id) ?? n.id);
  return g.nodes
    .filter((n) => !exclude.has(n.id))
    .map((n) => ({
      id: n.id,
      bytes: elementCount(n.shape) * bytesOf(n.dtype) * (isBatched(g, n.id) ? batch : 1),
      first: n.op === "input" ? 0 : n.id,
      last: keep.has(n.id) || n.op === "input" ? end : last[n.id]!,
    }));
}
