// Shared pieces of the elementwise-family kernels (not an op's lowering):
// the plain copy that views (flatten, reshape, eval dropout) lower to, WGSL
// helpers for numerically careful unary math, exact f32 constants, and the
// workgroup-memory tree reduction behind the scalar losses and the
// unbatched parameter gradients.
import type { KernelSource, LoweringContext } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "./wgsl.js";

/** Threads of a reduction workgroup (a power of two, within WebGPU's default 256). */
export const RWG = 256;

/** A WGSL f32 expression with exactly the bits of Math.fround(x) (no literal rounding doubt). */
export function exactF32(x: number): string {
  const b = new Uint32Array(Float32Array.of(x).buffer)[0]!;
  return `bitcast<f32>(0x${b.toString(16)}u)`;
}

/** y = x, element for element: views whose layout is unchanged. */
export function copyKernel(ctx: LoweringContext): KernelSource {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  out[i] = in0[i];
}`;
  return { code, dispatch, paramRoles: [] };
}

/**
 * e^v − 1 without the cancellation near 0 (Kahan's trick: (u − 1)·v / log u
 * with u = e^v rounded), e^v − 1 directly where it is accurate.
 */
export const EXPM1 = `fn expm1_(v: f32) -> f32 {
  if (abs(v) > 0.5) { return exp(v) - 1.0; }
  let u = exp(v);
  if (u == 1.0) { return v; }
  return (u - 1.0) * v / log(u);
}`;

/** log(1 + e) for e ≥ 0 without losing small e (the same trick). */
export const LOG1P = `fn log1p_(e: f32) -> f32 {
  let u = 1.0 + e;
  if (u == 1.0) { return e; }
  return log(u) * e / (u - 1.0);
}`;

/** The logistic function without overflow: e^v / (1 + e^v) for v < 0. */
export const SIGMOID = `fn sigmoid_(v: f32) -> f32 {
  if (v >= 0.0) { return 1.0 / (1.0 + exp(-v)); }
  let e = exp(v);
  return e / (1.0 + e);
}`;

/** The tree reduction of `part` over a workgroup of RWG threads; ends with part[0] the sum. */
const TREE = `  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${RWG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] += part[lid + s]; }
    workgroupBarrier();
  }`;

/**
 * A scalar output from one workgroup: each thread sums `term` over items
 * j = lid, lid + RWG, … below `count` (`body` computes `term` from `j`),
 * the workgroup adds the partial sums in a tree, and out[0] = sum / divisor.
 */
export function scalarSum(ctx: LoweringContext, count: number, body: string, divisor: number, helpers = ""): KernelSource {
  const code = `${bindings(ctx, [])}
${helpers}
var<workgroup> part: array<f32, ${RWG}>;
@compute @workgroup_size(${RWG})
fn main(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var j = lid; j < ${count}u; j += ${RWG}u) {
${body}
    acc += term;
  }
${TREE}
  if (lid == 0u) { out[0] = part[0] / ${divisor}.0; }
}`;
  return { code, dispatch: [1, 1, 1], paramRoles: [] };
}

/**
 * One workgroup per output element o (of `outputs`, folded into 2-D past the
 * dispatch limit): the threads sum `term` over items j below `count`
 * (`body` computes `term` from `o` and `j`) and out[o] = the sum.
 */
export function perOutputSum(ctx: LoweringContext, outputs: number, count: number, body: string, paramRoles: readonly string[] = []): KernelSource {
  const max = ctx.maxWorkgroupsPerDimension;
  const dispatch: [number, number, number] = outputs <= max ? [outputs, 1, 1] : [max, Math.ceil(outputs / max), 1];
  const code = `${bindings(ctx, paramRoles)}
var<workgroup> part: array<f32, ${RWG}>;
@compute @workgroup_size(${RWG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let o = wid.x + wid.y * ${dispatch[0]}u;
  var acc = 0.0;
  if (o < ${outputs}u) {
    for (var j = lid; j < ${count}u; j += ${RWG}u) {
${body}
      acc += term;
    }
  }
${TREE}
  if (lid == 0u && o < ${outputs}u) { out[o] = part[0]; }
}`;
  return { code, dispatch, paramRoles };
}
