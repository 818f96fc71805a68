// Shared pieces of the elementwise-family kernels (not an op's lowering):
// the one-invocation-per-element kernel most non-GEMM ops instantiate, the
// plain copy that views (flatten, reshape, eval dropout) lower to, WGSL
// helpers for numerically careful unary math, exact f32 constants, and the
// workgroup-memory tree reduction behind the scalar losses and the
// unbatched parameter gradients.
//
// Helper functions are KernelFunction constants (used via `k.use(…)` or
// `callHelper(…)` in an Expr): EXPM1_FN (`expm1_`), LOG1P_FN (`log1p_`),
// SIGMOID_FN (`sigmoid_`).
import type { LoweringContext } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { kernelFn, newKernel, wgsl, type Binding, type Code, type CodeLike, type KernelBuilder, type KernelDesc, type KernelFunction } from "../../core/kernel/index.js";
import { dispatchFor, perItem } from "./wgsl.js";

/** Threads of a reduction workgroup (a power of two, within WebGPU's default 256). */
export const RWG = 256;

/** A WGSL f32 expression with exactly the bits of Math.fround(x) (no literal rounding doubt). */
export function exactF32(x: number): string {
  const b = new Uint32Array(Float32Array.of(x).buffer)[0]!;
  return `bitcast<f32>(0x${b.toString(16)}u)`;
}

/** Declares the node's inputs in order, each with its element type (i32 values stay i32). */
export function declareInputs(k: KernelBuilder, ctx: LoweringContext): Binding[] {
  return ctx.inputs.map((_, j) => k.input(j, { type: ctx.inputTypes[j] === "i32" ? "i32" : "f32" }));
}

/**
 * A kernel of one invocation per output element, `i` (perItem), reading the
 * node's inputs: `body(inputs, out, k)` gives the statements after the
 * header, the store of element i among them; `k` is for the helpers it
 * uses. `T` is the inputs' arity as the op knows it ([Binding, Binding]).
 */
export function perElementKernel<T extends readonly Binding[]>(ctx: LoweringContext, body: (inputs: T, out: Binding, k: KernelBuilder) => CodeLike): KernelDesc {
  const n = elementCount(ctx.out);
  const k = newKernel();
  const inputs = declareInputs(k, ctx) as readonly Binding[] as T;
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  ${body(inputs, out, k)}
}`;
  return k.build();
}

/** y = x, element for element: views whose layout is unchanged. */
export function copyKernel(ctx: LoweringContext): KernelDesc {
  return perElementKernel<[Binding]>(ctx, ([x], out) => out.set("i", x.at("i")));
}

/**
 * e^v − 1 without the cancellation near 0 (Kahan's trick: (u − 1)·v / log u
 * with u = e^v rounded), e^v − 1 directly where it is accurate.
 */
export const EXPM1_FN: KernelFunction = kernelFn(
  "expm1_",
  wgsl`fn expm1_(v: f32) -> f32 {
  if (abs(v) > 0.5) { return exp(v) - 1.0; }
  let u = exp(v);
  if (u == 1.0) { return v; }
  return (u - 1.0) * v / log(u);
}`,
);

/** log(1 + e) for e ≥ 0 without losing small e (the same trick). */
export const LOG1P_FN: KernelFunction = kernelFn(
  "log1p_",
  wgsl`fn log1p_(e: f32) -> f32 {
  let u = 1.0 + e;
  if (u == 1.0) { return e; }
  return log(u) * e / (u - 1.0);
}`,
);

/** The logistic function without overflow: e^v / (1 + e^v) for v < 0. */
export const SIGMOID_FN: KernelFunction = kernelFn(
  "sigmoid_",
  wgsl`fn sigmoid_(v: f32) -> f32 {
  if (v >= 0.0) { return 1.0 / (1.0 + exp(-v)); }
  let e = exp(v);
  return e / (1.0 + e);
}`,
);

/** The workgroup array the tree reduction folds in. */
const PART: KernelFunction = kernelFn("part", wgsl`var<workgroup> part: array<f32, ${RWG}>;`);

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
 * `k` has the node's inputs (and any helpers) declared; this declares the
 * output and finishes the kernel.
 */
export function scalarSum(k: KernelBuilder, count: number, body: Code, divisor: number): KernelDesc {
  const out = k.output();
  k.use(PART);
  k.dispatch = [1, 1, 1];
  k.body = wgsl`@compute @workgroup_size(${RWG})
fn main(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var j = lid; j < ${count}u; j += ${RWG}u) {
${body}
    acc += term;
  }
${TREE}
  if (lid == 0u) { ${out.set("0", `part[0] / ${divisor}.0`)} }
}`;
  return k.build();
}

/**
 * One workgroup per output element o (of `outputs`, folded into 2-D past the
 * dispatch limit): the threads sum `term` over items j below `count`
 * (`body` computes `term` from `o` and `j`) and out[o] = the sum. `k` has
 * the node's inputs and parameters declared; this declares the output.
 */
export function perOutputSum(ctx: LoweringContext, k: KernelBuilder, outputs: number, count: number, body: Code): KernelDesc {
  const out = k.output();
  const max = ctx.maxWorkgroupsPerDimension;
  const dispatch: [number, number, number] = outputs <= max ? [outputs, 1, 1] : [max, Math.ceil(outputs / max), 1];
  k.use(PART);
  k.dispatch = dispatch;
  k.body = wgsl`@compute @workgroup_size(${RWG})
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
  if (lid == 0u && o < ${outputs}u) { ${out.set("o", "part[0]")} }
}`;
  return k.build();
}
