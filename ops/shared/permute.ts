// What permute and transpose share in their definitions: checking a
// permutation of the per-sample axes, its inverse, the permutation a
// transpose stands for, the output shape, and the spatial map.

import type { Shape } from "../../core/ir/graph.js";
import { fmt, OpError, pointwise, type SpatialMap } from "../contract.js";

/** Throws an OpError unless dims is a permutation of 0..rank−1. */
export function checkPermutation(dims: readonly number[], rank: number): void {
  const want = `a permutation of ${fmt(Array.from({ length: rank }, (_, i) => i))}`;
  if (dims.length !== rank) {
    throw new OpError(`dims ${fmt(dims)} names ${dims.length} axes, but the per-sample input has ${rank} (the batch axis is not named)`, want);
  }
  const out = dims.find((d) => d < 0 || d >= rank);
  if (out !== undefined) throw new OpError(`dims ${fmt(dims)} names axis ${out}, outside 0..${rank - 1} of the per-sample input`, want);
  const dup = dims.find((d, i) => dims.indexOf(d) !== i);
  if (dup !== undefined) throw new OpError(`dims ${fmt(dims)} names axis ${dup} twice`, want);
}

/** The identity with axes a and b swapped; throws an OpError when either is out of range. */
export function swapPermutation(a: number, b: number, rank: number): number[] {
  for (const [name, v] of [["a", a], ["b", b]] as const) {
    if (v < 0 || v >= rank) throw new OpError(`transpose axis ${name} = ${v} is outside 0..${rank - 1} of the per-sample input`, `axes in 0..${rank - 1}`);
  }
  const dims = Array.from({ length: rank }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return dims;
}

/** inv with inv[dims[j]] = j: permuting by dims and then by inv restores the order. */
export function inversePermutation(dims: readonly number[]): number[] {
  const inv = new Array<number>(dims.length);
  dims.forEach((d, j) => (inv[d] = j));
  return inv;
}

/** Output axis j is input axis dims[j]. */
export const permutedShape = (x: Shape, dims: readonly number[]): number[] => dims.map((d) => x[d]!);

/**
 * A permutation that leaves the last two axes (H, W of a [C, H, W] map) in
 * place moves whole planes, so each pixel stays where it was; any other
 * moves pixels across the grid, so no spatial map survives it.
 */
export function permutationSpatial(dims: readonly number[]): SpatialMap {
  const r = dims.length;
  return r >= 2 && dims[r - 1] === r - 1 && dims[r - 2] === r - 2 ? pointwise : { kind: "global" };
}
