// The direct GEMM: the same C[g, m, n] = Σ_k A[g, m, k] · B[g, k, n] as the
// tiled template in gemm.ts, with register tiles but no workgroup memory and
// no barriers. Each invocation reads its RM rows of A and RN columns of B
// straight from the buffers (loadA / loadB, or loadA4 / loadB4 when both
// operands are contiguous in k) and accumulates an RM × RN tile.
//
// Why a second template: on a GPU, staging tiles in workgroup memory saves
// global-memory bandwidth and wins. On a CPU emulation (SwiftShader) there
// is no bandwidth to save (global reads hit the same caches), while a
// workgroup barrier suspends and resumes every invocation; there the direct
// form runs a 512³ x·Wᵀ about 1.6 times faster. Which one a device gets is
// measured, not guessed: the autotuner (host/tune/) times both.
//
// With `loadA4` and `loadB4` (an operand row read as vec4s along k, K a
// multiple of 4) the accumulators are vec4 partial sums along k, folded by
// a dot product at the end: per four k, RM + RN vector reads feed RM·RN
// vector multiply-adds. Otherwise A is read one value per row and B as
// vectors of four consecutive columns, as in the tiled template.

import { code, type KernelBuilder } from "../../core/kernel/index.js";
import type { LoweringContext } from "../lowering.js";
import type { DirectShape } from "./gemm_choice.js";
import { gemmGrid, gemmOperandFns, gemmStores, gemmVec4Fns, type GemmSpec } from "./gemm_common.js";

const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

/** The register tile shrinks for a narrow M or N, so that few lanes compute padding. */
export function fitDirect(d: DirectShape, M: number, N: number): DirectShape {
  const rm = Math.min(d.rm, pow2(M));
  const rn = Math.min(d.rn, Math.max(4, pow2(N)));
  const wy = Math.max(1, Math.min(d.wy, pow2(Math.ceil(M / rm))));
  const wx = Math.max(1, Math.min(d.wx * (d.wy / wy), pow2(Math.ceil(N / rn))));
  return { rm, rn, wx, wy };
}

/** Fills `k` with the GEMM `spec` in the direct template (see gemmKernel in gemm.ts). */
export function directGemmKernel(k: KernelBuilder, ctx: LoweringContext, spec: GemmSpec, shape: DirectShape): KernelBuilder {
  const { M, N, K } = spec;
  const d = fitDirect(shape, M, N);
  const tm = d.rm * d.wy;
  const tn = d.rn * d.wx;
  const vec4k = spec.loadA4 !== undefined && spec.loadB4 !== undefined && K % 4 === 0 && d.rn % 4 === 0;
  const grid = gemmGrid(ctx, spec, tm, tn);
  const R = [...Array(d.rm).keys()];
  const C = [...Array(d.rn).keys()];
  const JB = [...Array(d.rn / 4).keys()];
  const rowsInRange = `${M}u - 1u`;

  // Rows (columns) past M (N) read the last valid one: every read stays in
  // bounds without a branch per load, and their results are never stored.
  const body = vec4k
    ? `${R.flatMap((r) => C.map((c) => `  var acc${r}_${c} = vec4f();`)).join("\n")}
${R.map((r) => `  let ma${r} = min(m0 + ${r}u, ${rowsInRange});`).join("\n")}
${C.map((c) => `  let nb${c} = min(n0 + ${c}u, ${N}u - 1u);`).join("\n")}
  for (var k4 = 0u; k4 < ${K / 4}u; k4++) {
${R.map((r) => `    let a${r} = loadA4(g, ma${r}, k4);`).join("\n")}
${C.map((c) => `    let b${c} = loadB4(g, k4, nb${c});`).join("\n")}
${R.flatMap((r) => C.map((c) => `    acc${r}_${c} = fma(a${r}, b${c}, acc${r}_${c});`)).join("\n")}
  }
  var res: array<vec4f, ${d.rm * (d.rn / 4)}>;
${R.flatMap((r) => JB.map((j) => `  res[${r * (d.rn / 4) + j}u] = vec4f(${[0, 1, 2, 3].map((c) => `dot(acc${r}_${4 * j + c}, vec4f(1.0))`).join(", ")});`)).join("\n")}`
    : `${R.flatMap((r) => JB.map((j) => `  var acc${r}_${j} = vec4f();`)).join("\n")}
  for (var k = 0u; k < ${K}u; k++) {
${R.map((r) => `    let a${r} = vec4f(loadA(g, m0 + ${r}u, k));`).join("\n")}
${JB.map((j) => `    let b${j} = vec4f(${[0, 1, 2, 3].map((c) => `loadB(g, k, n0 + ${4 * j + c}u)`).join(", ")});`).join("\n")}
${R.flatMap((r) => JB.map((j) => `    acc${r}_${j} = fma(a${r}, b${j}, acc${r}_${j});`)).join("\n")}
  }
  var res: array<vec4f, ${d.rm * (d.rn / 4)}>;
${R.flatMap((r) => JB.map((j) => `  res[${r * (d.rn / 4) + j}u] = acc${r}_${j};`)).join("\n")}`;

  k.note(`GEMM ${M} × ${N} × ${K} (× ${spec.G} groups), direct: no workgroup memory; ${d.wy} × ${d.wx} invocations of ${d.rm} × ${d.rn}${vec4k ? ", vec4 along k" : ""}.`);
  k.use(...(spec.uses ?? []), ...gemmOperandFns(spec), ...gemmVec4Fns(spec, vec4k));
  k.body = code(`@compute @workgroup_size(${d.wx}, ${d.wy})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
${grid.header}
  let m0 = mBase + lid.y * ${d.rm}u;
  let n0 = nBase + lid.x * ${d.rn}u;
${body}
${gemmStores(M, N, d.rm, d.rn, 4, "m0", "n0")}
}`);
  k.dispatch = grid.dispatch;
  return k;
}
