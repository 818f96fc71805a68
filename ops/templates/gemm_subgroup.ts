// The subgroup GEMM: the same C[g, m, n] = Σ_k A[g, m, k] · B[g, k, n] as
// the tiled (gemm.ts) and direct (gemm_direct.ts) templates, with register
// tiles, no workgroup memory and no barriers like the direct one, but the
// lanes of a subgroup share one operand through subgroup shuffles instead of
// each reading it from memory.
//
// Why: in the direct template the invocations of a workgroup that own the
// same columns all read the same B[k, n] (those that own the same rows the
// same A[m, k]); per k step each reads RM + RN values. In a convolution B
// is the im2col gather, each value an index computation with the padding,
// stride and dilation checks, so most of a lane's reading is B. Here the
// workgroup is one column of invocations owning the same RN columns
// (`share: "b"`; with `share: "a"`, one row owning the same RM rows), so the
// shared operand is the same for every lane of every subgroup in it. The
// lanes read it cooperatively, L steps of k at a time, lane i the step
// k0 + i, and every lane gets step k0 + j from lane j by subgroupShuffle:
// per k, RN / L gathers and RN / 4 vector shuffles (columns travel as
// vec4s) instead of RN gathers. Workgroup memory would share it too, but
// needs barriers, which a CPU emulation (SwiftShader) pays dearly for.
//
// Measured on SwiftShader (subgroups of 4; docs/codegen.md): sharing B in
// 4 × 16 tiles runs conv forward, data and weight gradients 1.05 to 1.9
// times faster than the best of the other templates; for dense, whose
// operands are plain loads, a shuffle costs about what the load it saves
// does, and the direct template stays ahead (about 1.2 times).
//
// Any subgroup size. WGSL knows the subgroup size only at run time, and a
// workgroup smaller than a subgroup (a narrow problem) fills one only in
// part. So L is not a constant: it is the number of active lanes,
// subgroupAdd(1), which is the subgroup size for a full subgroup, and the
// k loop steps by it. Nothing depends on which invocations form a subgroup:
// the shared rows (columns) are the same for the whole workgroup. (Active
// lanes are numbered 0 … L − 1, as on every implementation.)
//
// Uniform control flow. Shuffles must be reached by every lane of the
// subgroup, so no lane branches around one: rows and columns past M or N
// read zeros (loadA / loadB) or the last valid row (the vec4 loads), and
// their results are not stored, as in the direct template; the loops'
// bounds (K, L) are the same for every lane. The grid header's early return
// is per workgroup, so it removes whole subgroups.
//
// With `loadA4` and `loadB4` (dense, K a multiple of 4) the k steps are
// vec4s of four k and the accumulators vec4 partial sums along k, folded
// at the end, as in the direct template.
//
// Offered only on devices with the `subgroups` feature (the kernel enables
// it: `enable subgroups;`); the autotuner (host/tune/) times it there
// beside the other templates and keeps it only where it wins.

import { code, type KernelBuilder } from "../../core/kernel/index.js";
import type { LoweringContext } from "../lowering.js";
import type { SubgroupShape } from "./gemm_choice.js";
import { gemmGrid, gemmOperandFns, gemmStores, gemmVec4Fns, type GemmSpec } from "./gemm_common.js";

const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

/**
 * The register tile shrinks for a narrow M or N (so that few lanes compute
 * padding), and the lanes for a problem of few workgroups (so that it still
 * spreads over the cores), down to 16.
 */
export function fitSubgroup(s: SubgroupShape, M: number, N: number, G: number): SubgroupShape {
  const rm = Math.min(s.rm, pow2(M));
  const rn = Math.min(s.rn, Math.max(4, pow2(N)));
  const along = s.share === "a" ? N : M;
  const r = s.share === "a" ? rn : rm;
  let lanes = Math.max(1, Math.min(s.lanes, pow2(Math.ceil(along / r))));
  const tiles = (l: number) => (s.share === "a" ? Math.ceil(M / rm) * Math.ceil(N / (l * rn)) : Math.ceil(M / (l * rm)) * Math.ceil(N / rn)) * G;
  while (lanes > 16 && tiles(lanes) < 8) lanes /= 2;
  return { share: s.share, rm, rn, lanes };
}

/** Fills `k` with the GEMM `spec` in the subgroup template (see gemmKernel in gemm.ts). */
export function subgroupGemmKernel(k: KernelBuilder, ctx: LoweringContext, spec: GemmSpec, shape: SubgroupShape): KernelBuilder {
  const { M, N, K } = spec;
  const s = fitSubgroup(shape, M, N, spec.G);
  if (s.rm * s.rn > 64 || s.rn % 4 !== 0 || s.lanes > 256) throw new Error(`internal: subgroup GEMM shape ${JSON.stringify(shape)} is past the template's limits`);
  const shareA = s.share === "a";
  const tm = shareA ? s.rm : s.rm * s.lanes;
  const tn = shareA ? s.rn * s.lanes : s.rn;
  const vec4k = spec.loadA4 !== undefined && spec.loadB4 !== undefined && K % 4 === 0;
  const grid = gemmGrid(ctx, spec, tm, tn);
  const body = vec4k ? vec4Body(spec, s) : scalarBody(spec, s);
  k.enable("subgroups");
  k.note(`GEMM ${M} × ${N} × ${K} (× ${spec.G} groups), subgroup: lanes share ${shareA ? "A" : "B"} by shuffles, no workgroup memory; ${s.lanes} invocations of ${s.rm} × ${s.rn}${vec4k ? ", vec4 along k" : ""}.`);
  k.use(...(spec.uses ?? []), ...gemmOperandFns(spec), ...gemmVec4Fns(spec, vec4k));
  k.body = code(`@compute @workgroup_size(${s.lanes})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sid: u32) {
${grid.header}
  let m0 = mBase${shareA ? "" : ` + li * ${s.rm}u`};
  let n0 = nBase${shareA ? ` + li * ${s.rn}u` : ""};
  // Active lanes of this subgroup (its size when full): each reads one k step of the shared operand per round.
  let lanes = subgroupAdd(1u);
${body}
${gemmStores(M, N, s.rm, s.rn, 4, "m0", "n0")}
}`);
  k.dispatch = grid.dispatch;
  return k;
}

const range = (n: number) => [...Array(n).keys()];
const xyzw = "xyzw";

/**
 * One value per k: the shared operand travels as vectors of up to four rows
 * (share "a") or four columns (share "b"); accumulators are vec4s of four
 * columns, as in the other templates.
 */
function scalarBody(spec: GemmSpec, s: SubgroupShape): string {
  const { K } = spec;
  const R = range(s.rm);
  const JB = range(s.rn / 4);
  const C4 = range(4);
  const acc = `${R.flatMap((r) => JB.map((j) => `  var acc${r}_${j} = vec4f();`)).join("\n")}`;
  const fmas = (a: (r: number) => string, b: (j: number) => string) => R.flatMap((r) => JB.map((j) => `      acc${r}_${j} = fma(${a(r)}, ${b(j)}, acc${r}_${j});`)).join("\n");
  let own: string;
  let step: string;
  if (s.share === "a") {
    // Rows in vectors of VA: RM / VA shuffles per k.
    const VA = Math.min(s.rm, 4);
    const QA = range(s.rm / VA);
    const va = VA === 1 ? "f32" : `vec${VA}f`;
    const vecOf = (parts: string[]) => (VA === 1 ? parts[0]! : `${va}(${parts.join(", ")})`);
    own = QA.map((q) => `    let own${q} = ${vecOf(range(VA).map((i) => `loadA(g, m0 + ${q * VA + i}u, ks)`))};`).join("\n");
    const part = (r: number) => (VA === 1 ? `a${r}` : `a${Math.floor(r / VA)}.${xyzw[r % VA]}`);
    step = `${QA.map((q) => `      let a${q} = subgroupShuffle(own${q}, lane);`).join("\n")}
${JB.map((j) => `      let b${j} = vec4f(${C4.map((c) => `loadB(g, k, n0 + ${4 * j + c}u)`).join(", ")});`).join("\n")}
${fmas((r) => `vec4f(${part(r)})`, (j) => `b${j}`)}`;
  } else {
    own = JB.map((j) => `    let own${j} = vec4f(${C4.map((c) => `loadB(g, ks, n0 + ${4 * j + c}u)`).join(", ")});`).join("\n");
    step = `${R.map((r) => `      let a${r} = vec4f(loadA(g, m0 + ${r}u, k));`).join("\n")}
${JB.map((j) => `      let b${j} = subgroupShuffle(own${j}, lane);`).join("\n")}
${fmas((r) => `a${r}`, (j) => `b${j}`)}`;
  }
  return `${acc}
  for (var k0 = 0u; k0 < ${K}u; k0 += lanes) {
    // Past K, loadA / loadB read zeros; the steps stop at K anyway.
    let ks = k0 + sid;
${own}
    let steps = min(lanes, ${K}u - k0);
    for (var lane = 0u; lane < steps; lane++) {
      let k = k0 + lane;
${step}
    }
  }
  var res: array<vec4f, ${s.rm * (s.rn / 4)}>;
${R.flatMap((r) => JB.map((j) => `  res[${r * (s.rn / 4) + j}u] = acc${r}_${j};`)).join("\n")}`;
}

/**
 * Four k per step (loadA4 / loadB4): the shared operand is one vec4 along k
 * per row (column), the accumulators vec4 partial sums along k. Rows and
 * columns past M or N read the last valid one, since the vec4 loads have no
 * bounds checks; a lane's k4 past K / 4 reads the last one too and is never
 * shuffled out (the steps stop at K / 4).
 */
function vec4Body(spec: GemmSpec, s: SubgroupShape): string {
  const { M, N, K } = spec;
  const K4 = K / 4;
  const R = range(s.rm);
  const C = range(s.rn);
  const JB = range(s.rn / 4);
  const shareA = s.share === "a";
  const own = shareA
    ? R.map((r) => `    let own${r} = loadA4(g, ma${r}, ks);`).join("\n")
    : C.map((c) => `    let own${c} = loadB4(g, ks, nb${c});`).join("\n");
  const step = shareA
    ? `${R.map((r) => `      let a${r} = subgroupShuffle(own${r}, lane);`).join("\n")}
${C.map((c) => `      let b${c} = loadB4(g, k4, nb${c});`).join("\n")}`
    : `${R.map((r) => `      let a${r} = loadA4(g, ma${r}, k4);`).join("\n")}
${C.map((c) => `      let b${c} = subgroupShuffle(own${c}, lane);`).join("\n")}`;
  return `${R.flatMap((r) => C.map((c) => `  var acc${r}_${c} = vec4f();`)).join("\n")}
${R.map((r) => `  let ma${r} = min(m0 + ${r}u, ${M}u - 1u);`).join("\n")}
${C.map((c) => `  let nb${c} = min(n0 + ${c}u, ${N}u - 1u);`).join("\n")}
  for (var k40 = 0u; k40 < ${K4}u; k40 += lanes) {
    let ks = min(k40 + sid, ${K4 - 1}u);
${own}
    let steps = min(lanes, ${K4}u - k40);
    for (var lane = 0u; lane < steps; lane++) {
      let k4 = k40 + lane;
${step}
${R.flatMap((r) => C.map((c) => `      acc${r}_${c} = fma(a${r}, b${c}, acc${r}_${c});`)).join("\n")}
    }
  }
  var res: array<vec4f, ${s.rm * (s.rn / 4)}>;
${R.flatMap((r) => JB.map((j) => `  res[${r * (s.rn / 4) + j}u] = vec4f(${[0, 1, 2, 3].map((c) => `dot(acc${r}_${4 * j + c}, vec4f(1.0))`).join(", ")});`)).join("\n")}`;
}
