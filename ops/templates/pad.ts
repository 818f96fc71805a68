// WGSL index maps of pad and pad_grad along one axis (ops/shared/pad.ts has
// the definition). Indices are i32 so that positions in the border can be
// negative before they are mapped.

import type { PadMode } from "../shared/pad.js";

/**
 * The input index (i32) that output index `o` (an i32 expression) reads
 * along an axis of size n padded by `before`. For zeros it may fall
 * outside [0, n): the caller stores 0 there. Reflect mirrors once, which
 * suffices because each pad is below n.
 */
export function padSourceWgsl(mode: PadMode, o: string, n: number, before: number): string {
  const s = `(${o} - ${before})`;
  if (mode === "zeros") return s;
  if (mode === "replicate") return `clamp(${s}, 0, ${n - 1})`;
  return `select(abs(${s}), ${2 * (n - 1)} - abs(${s}), abs(${s}) >= ${n})`;
}

/**
 * The output positions that read input index `x` (an i32 expression) along
 * one axis: `count` candidates, the k-th (`k`, an i32 expression) given by
 * `expr`, −1 where it does not exist. Zeros: x + before only. Reflect: also
 * before − x (the mirror in the leading border, for 1 ≤ x ≤ before) and
 * before + 2(n − 1) − x (in the trailing one, for n − 1 − after ≤ x ≤ n − 2).
 * Replicate: the run from 0 (x = 0) or to the end (x = n − 1), at most
 * max(before, after) + 1 positions.
 */
export function padCandidatesWgsl(mode: PadMode, x: string, k: string, n: number, before: number, after: number): { count: number; expr: string } {
  const inner = `(${x} + ${before})`;
  if (mode === "zeros") return { count: 1, expr: inner };
  if (mode === "reflect") {
    const lead = `select(-1, ${before} - ${x}, ${x} >= 1 && ${x} <= ${before})`;
    const trail = `select(-1, ${before + 2 * (n - 1)} - ${x}, ${x} >= ${n - 1 - after} && ${x} <= ${n - 2})`;
    return { count: 3, expr: `select(select(${trail}, ${lead}, ${k} == 1), ${inner}, ${k} == 0)` };
  }
  // The run [lo, hi] of positions reading x; candidate k is lo + k.
  const lo = `select(${inner}, 0, ${x} == 0)`;
  const hi = `select(${inner}, ${n + before + after - 1}, ${x} == ${n - 1})`;
  return { count: Math.max(before, after) + 1, expr: `select(-1, ${lo} + ${k}, ${lo} + ${k} <= ${hi})` };
}
