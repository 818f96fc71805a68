// Small WGSL helpers shared by kernel files: a flat invocation index over a
// 2-D dispatch (for tensors past 65535 workgroups), its dispatch size, and
// number formatting that WGSL accepts (core/kernel's, re-exported here for
// the kernel files that import it from this module).

import type { DType } from "../../core/ir/graph.js";
import type { LoweringContext } from "../lowering.js";

export { f32 } from "../../core/kernel/index.js";

/** Threads per workgroup of the one-thread-per-element kernels. */
export const WG = 64;

/**
 * Declarations of the bindings in the old contract's order, as text: only
 * for kernels not yet written as a KernelDesc (core/kernel), which declares
 * its bindings by role instead; goes once none is left.
 */
export function bindings(ctx: LoweringContext, paramRoles: readonly string[], names?: { inputs?: readonly string[]; out?: string }): string {
  const lines: string[] = [];
  let b = 0;
  ctx.inputs.forEach((_, i) => {
    const t: DType = ctx.inputTypes[i] ?? "f32";
    // Inputs are declared read_write although kernels only read them: values
    // share one arena buffer, and WebGPU forbids a buffer to be bound both
    // read-only and writable in one dispatch, while several writable
    // bindings of disjoint ranges are allowed.
    lines.push(`@group(0) @binding(${b++}) var<storage, read_write> ${names?.inputs?.[i] ?? `in${i}`}: array<${t === "i32" ? "i32" : "f32"}>;`);
  });
  for (const role of paramRoles) lines.push(`@group(0) @binding(${b++}) var<storage, read> p_${role}: array<f32>;`);
  lines.push(`@group(0) @binding(${b++}) var<storage, read_write> ${names?.out ?? "out"}: array<f32>;`);
  return lines.join("\n");
}

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
