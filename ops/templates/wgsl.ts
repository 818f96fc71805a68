// Small WGSL helpers shared by kernel files: a flat invocation index over a
// 2-D dispatch (for tensors past 65535 workgroups), its dispatch size, and
// number formatting that WGSL accepts (core/kernel's, re-exported here for
// the kernel files that import it from this module).

import type { LoweringContext } from "../lowering.js";

export { f32 } from "../../core/kernel/index.js";

/** Threads per workgroup of the one-thread-per-element kernels. */
export const WG = 64;

/** Workgroups for `total` invocations of WG threads, folded into 2-D when needed. */
export function dispatchFor(total: number, ctx: LoweringContext): [number, number, number] {
  const groups = Math.max(1, Math.ceil(total / WG));
  const max = ctx.maxWorkgroupsPerDimension;
  if (groups <= max) return [groups, 1, 1];
  const y = Math.ceil(groups / max);
  if (y > max) throw new Error(`internal: ${total} invocations exceed the dispatch limit`);
  return [max, y, 1];
}

/**
 * The entry point header of a one-invocation-per-item kernel: `i` is the
 * flat item index, and items past `total` return at once.
 */
export function perItem(total: number, dispatch: readonly [number, number, number]): string {
  return `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * ${dispatch[0] * WG}u;
  if (i >= ${total}u) { return; }`;
}
