// One per-sample axis named by an attribute, as PyTorch's `dim`: 0 is the
// first axis after the batch, and a negative axis counts from the last
// (−1 is the last). Shared by the ops that name one axis (mean, mean_grad,
// select, softmax: definitions and kernels); the reference kernels resolve
// it on their own.

import type { Shape } from "../../core/ir/graph.js";
import { fmt, OpError } from "../contract.js";

/** The axis `axis` of a per-sample shape `x` as an index 0..rank−1; an OpError when out of range. */
export function resolveAxis(axis: number, x: Shape, what = "an input"): number {
  const rank = x.length;
  if (rank === 0) throw new OpError(`${what} of shape ${fmt(x)} is a scalar per sample and has no axis ${axis}`, "an input of rank ≥ 1");
  if (axis < -rank || axis >= rank) {
    throw new OpError(`axis ${axis} is out of range for ${what} of shape ${fmt(x)} (the batch axis is not counted)`, `an axis in ${-rank}..${rank - 1}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * The spatial map of an op that removes or reduces one axis: the H and W
 * axes are the last two, so an axis before them leaves every pixel seeing
 * only its own input pixel; on H or W each output sees a whole row or
 * column (or the grid is gone), which the receptive field reports as global.
 */
export function axisSpatial(axis: number, x: Shape): { readonly kind: "pointwise" } | { readonly kind: "global" } {
  return axis < x.length - 2 ? { kind: "pointwise" } : { kind: "global" };
}
