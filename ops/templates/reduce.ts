// Shared pieces of the workgroup-per-output reduction kernels (spatial
// family: bn in training mode, bn_grad_*, reduce_axis, scale_grad_weight).
// One workgroup of RWG threads owns one output (a channel, a bias entry):
// each thread sums a strided slice of the reduced elements, then the
// workgroup folds the partial sums in workgroup memory as a tree. WGSL has
// no float atomics, so this is how a sum over the batch stays in one kernel.

import { kernelFn, wgsl, type KernelFunction } from "../../core/kernel/index.js";
import type { LoweringContext } from "../lowering.js";

/**
 * Threads per workgroup of the reduction kernels. 64 rather than the 256
 * every device allows: the fold takes log2(RWG) barriers, and on
 * SwiftShader a barrier switches between all of a workgroup's SIMD groups
 * (a 256-thread fold cost about 0.5 ms per workgroup); on GPUs 64 threads
 * still stream a channel's elements with full coalescing.
 */
export const RWG = 64;

/**
 * Below this many elements per output, a reduction is one invocation per
 * output summing serially (no workgroup memory, no barriers): a bias
 * gradient over a batch of 64 rows is 64 additions.
 */
export const SERIAL_MAX = 1024;

/** One workgroup per group, folded into 2-D past the per-dimension limit. */
export function groupDispatch(groups: number, ctx: LoweringContext): [number, number, number] {
  const g = Math.max(1, groups);
  const max = ctx.maxWorkgroupsPerDimension;
  if (g <= max) return [g, 1, 1];
  const y = Math.ceil(g / max);
  if (y > max) throw new Error(`internal: ${groups} workgroups exceed the dispatch limit`);
  return [max, y, 1];
}

/**
 * The workgroup array and `wg_sum(lid, v)`: the sum of v over the
 * workgroup, returned to every thread. Call it from uniform control flow
 * only (it holds barriers). One declaration: the function is the array's
 * only user.
 */
export const WG_SUM: KernelFunction = kernelFn(
  "wg_sum",
  wgsl`var<workgroup> wg_red: array<f32, ${RWG}>;
fn wg_sum(lid: u32, v: f32) -> f32 {
  wg_red[lid] = v;
  workgroupBarrier();
  for (var s = ${RWG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { wg_red[lid] = wg_red[lid] + wg_red[lid + s]; }
    workgroupBarrier();
  }
  let r = wg_red[0];
  workgroupBarrier();
  return r;
}`,
);

/**
 * The entry point header of a workgroup-per-group kernel: `g` is the group
 * (uniform across the workgroup), `lid` the thread; workgroups past
 * `groups` return at once (uniformly).
 */
export function perGroup(groups: number, dispatch: readonly [number, number, number]): string {
  return `@compute @workgroup_size(${RWG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let g = wid.x + wid.y * ${dispatch[0]}u;
  if (g >= ${groups}u) { return; }`;
}
