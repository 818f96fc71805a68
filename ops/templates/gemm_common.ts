// What the GEMM templates (gemm.ts: tiled in workgroup memory;
// gemm_direct.ts: register tiles only; gemm_subgroup.ts: register tiles,
// one operand shared by subgroup shuffles) share: the problem a kernel file
// describes, the hook functions built from it, the grid of workgroups over
// output tiles, and the stores.
//
// A kernel file declares its bindings on a KernelBuilder and hands the
// template its hooks as Code, buffer accesses as typed holes
// (`w.at(…)`, `out.set(…)`); the template wraps them into the functions
// `loadA`, `loadB` (`loadA4`, `loadB4`) and `storeC`, so fusion finds the
// operand reads and the result store in those functions by structure.

import { kernelFn, wgsl, type Code, type KernelFunction } from "../../core/kernel/index.js";
import type { LoweringContext } from "../lowering.js";

export interface GemmSpec {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  /** Independent GEMMs (convolution groups), one per slice of the grid. */
  readonly G: number;
  /** Module-scope declarations the hooks call (a link table, a gather), declared before the template's own. */
  readonly uses?: readonly KernelFunction[];
  /** Body of `fn loadA(g: u32, m: u32, k: u32) -> f32`, called only with m < M, k < K. */
  readonly loadA: Code;
  /** Body of `fn loadB(g: u32, k: u32, n: u32) -> f32`, called only with k < K, n < N. */
  readonly loadB: Code;
  /**
   * Optional vector forms for operands contiguous in k (a dense layer's x
   * and W): `fn loadA4(g, m, k4) -> vec4f` is A[g, m, 4·k4 … 4·k4 + 3] and
   * `fn loadB4(g, k4, n) -> vec4f` is B[g, 4·k4 … 4·k4 + 3, n]; called only
   * when K is a multiple of 4, with m < M and n < N. Used by the direct template.
   */
  readonly loadA4?: Code;
  readonly loadB4?: Code;
  /** Body of `fn storeC(g: u32, m: u32, n: u32, v: f32)`, called only with m < M, n < N. */
  readonly storeC: Code;
  /** Which index of A is contiguous in memory: "k" (default) or "m". */
  readonly aFast?: "k" | "m";
  /** Which index of B is contiguous in memory: "n" (default) or "k". */
  readonly bFast?: "k" | "n";
}

/**
 * The kernel's `loadA`, `loadB` and `storeC` from the spec's bodies, with the
 * bounds checks that make staged or read elements past M, N or K zeros.
 */
export function gemmOperandFns(spec: GemmSpec): KernelFunction[] {
  return [
    kernelFn(
      "loadA",
      wgsl`fn loadA(g: u32, m: u32, k: u32) -> f32 {
  if (m >= ${spec.M}u || k >= ${spec.K}u) { return 0.0; }
${spec.loadA}
}`,
    ),
    kernelFn(
      "loadB",
      wgsl`fn loadB(g: u32, k: u32, n: u32) -> f32 {
  if (n >= ${spec.N}u || k >= ${spec.K}u) { return 0.0; }
${spec.loadB}
}`,
    ),
    kernelFn(
      "storeC",
      wgsl`fn storeC(g: u32, m: u32, n: u32, v: f32) {
${spec.storeC}
}`,
    ),
  ];
}

/**
 * loadA4 / loadB4, an operand row read as a vec4 along k (the direct and
 * subgroup templates' dense path), when the kernel uses them; else none.
 */
export function gemmVec4Fns(spec: GemmSpec, used: boolean): KernelFunction[] {
  if (!used) return [];
  if (spec.loadA4 === undefined || spec.loadB4 === undefined) throw new Error("internal: the vec4 GEMM path needs loadA4 and loadB4");
  return [
    kernelFn(
      "loadA4",
      wgsl`fn loadA4(g: u32, m: u32, k4: u32) -> vec4f {
${spec.loadA4}
}`,
    ),
    kernelFn(
      "loadB4",
      wgsl`fn loadB4(g: u32, k4: u32, n: u32) -> vec4f {
${spec.loadB4}
}`,
    ),
  ];
}

/**
 * The workgroups, one per TM × TN output tile of one group, folded into y
 * and z past the per-dimension limit. The header returns early for the
 * padding workgroups of the fold and defines g, mBase and nBase (the tile's
 * first row and column).
 */
export function gemmGrid(ctx: LoweringContext, spec: GemmSpec, tm: number, tn: number): { header: string; dispatch: [number, number, number] } {
  const mTiles = Math.ceil(spec.M / tm);
  const nTiles = Math.ceil(spec.N / tn);
  const total = mTiles * nTiles * spec.G;
  const max = ctx.maxWorkgroupsPerDimension;
  const dx = Math.min(total, max);
  const dy = Math.min(Math.ceil(total / dx), max);
  const dz = Math.ceil(total / (dx * dy));
  if (dz > max) throw new Error(`internal: ${total} workgroups exceed the dispatch limit`);
  const header = `  let wg = wid.x + (wid.y + wid.z * ${dy}u) * ${dx}u;
  if (wg >= ${total}u) { return; }
  let nTile = wg % ${nTiles}u;
  let rest = wg / ${nTiles}u;
  let mBase = (rest % ${mTiles}u) * ${tm}u;
  let nBase = nTile * ${tn}u;
  let g = rest / ${mTiles}u;`;
  return { header, dispatch: [dx, dy, dz] };
}

/**
 * Stores an invocation's RM × RN results, held in `res` as RN/VB vectors of
 * VB columns per row, from row `m0` and column `n0` on. The stores loop
 * rather than unroll: storeC carries the fused epilogue, and 64 inlined
 * copies of it cost SwiftShader seconds of shader compilation per kernel.
 */
export function gemmStores(M: number, N: number, rm: number, rn: number, vb: number, m0: string, n0: string): string {
  const rb = rn / vb;
  return `  for (var r = 0u; r < ${rm}u; r++) {
    let mr = ${m0} + r;
    if (mr >= ${M}u) { break; }
    for (var j = 0u; j < ${rb}u; j++) {
      let v = res[r * ${rb}u + j];
      for (var c = 0u; c < ${vb}u; c++) {
        let nc = ${n0} + j * ${vb}u + c;
        if (nc < ${N}u) { storeC(g, mr, nc, v${vb === 1 ? "" : "[c]"}); }
      }
    }
  }`;
}
