// A tiled GEMM template that the dense and convolution kernels instantiate:
//
//   C[g, m, n] = Σ_k A[g, m, k] · B[g, k, n],   g < G, m < M, n < N, k < K
//
// where A and B are never materialised: each kernel supplies the bodies of
// `loadA` and `loadB`, WGSL functions that compute one element from its
// buffers (a weight read, or an im2col gather from a feature map with the
// padding, stride and dilation bounds checks of a convolution), and of
// `storeC`, which writes one result (adding a bias, or scattering to a
// table's link): Code whose buffer accesses are typed holes (gemm_common.ts).
//
// Tiling. A workgroup of TX × TY invocations owns a TM × TN tile of C (one
// group g). It walks K in steps of TK: all its invocations first stage the
// TM × TK slice of A and the TK × TN slice of B in workgroup memory (each
// element is read from global memory, and gathered, once per workgroup
// rather than once per output that uses it), then every invocation
// accumulates an RM × RN register tile from the staged slices. The tiles
// are stored as vectors of up to four consecutive rows (columns), laid out
// so that one invocation's RM rows and RN columns are RM/4 and RN/4 whole
// vectors: per k, four workgroup loads feed RM·RN/4 vec4 multiply-adds.
// Invocation (x, y) owns rows y·RM … y·RM + RM − 1 and columns
// x·RN … x·RN + RN − 1.
//
// Staging: each invocation loads whole vectors (up to 4 consecutive m, or n,
// at one k), and the flat invocation index maps to the tile
// so that consecutive invocations read consecutive global addresses: along
// k when the operand is contiguous in k (a weight row, dy over pixels),
// along m or n otherwise (`aFast`, `bFast`).
//
// Sizes that do not divide the tile are handled by bounds checks: staged
// elements past M, N or K are zeros (so they add nothing), results past M
// or N are not stored. The K loop and the barriers inside it depend only on
// constants and the workgroup id, so control flow stays uniform.
//
// Tile shape (chooseTile): 64 × 64 × 8 (8 × 8 invocations of 8 × 8, 4 KiB
// of workgroup memory) for large problems. Register tiles are that large
// because each workgroup-memory read then feeds eight multiply-adds (on
// SwiftShader such a read costs about ten FMAs; `npm run bench:kernels`).
// When M is small (a conv layer with few output channels per group,
// depthwise M = 1, a dense layer with a small batch) TM shrinks to the next
// power of two and the invocations go to N instead; a problem with under 8
// tiles gets narrower ones, down to 16 invocations, to spread over the
// cores. TK is lowered where needed to keep (TM + TN)·TK·4 bytes within
// 16 KiB, the storage every WebGPU device guarantees.

import { code, kernelFn, newKernel, type Binding, type KernelBuilder } from "../../core/kernel/index.js";
import { boolAttr } from "../contract.js";
import type { LoweringContext } from "../lowering.js";
import { gemmGrid, gemmOperandFns, gemmStores, type GemmSpec } from "./gemm_common.js";
import { directGemmKernel } from "./gemm_direct.js";
import { subgroupGemmKernel } from "./gemm_subgroup.js";

export type { GemmSpec };

/** A problem's identity for tuning: the op (its loads' cost) and its sizes. */
export function gemmKey(op: string, spec: Pick<GemmSpec, "M" | "N" | "K" | "G">): string {
  return `${op} ${spec.M}x${spec.N}x${spec.K}x${spec.G}`;
}

export interface Tile {
  readonly tm: number;
  readonly tn: number;
  readonly tk: number;
  readonly rm: number;
  readonly rn: number;
}

/** Workgroup storage every WebGPU device provides (maxComputeWorkgroupStorageSize). */
const SHARED_FLOATS = 16384 / 4;
const MAX_THREADS = 256;

const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

export function chooseTile(M: number, N: number, K: number, G = 1, reg: 4 | 8 = 8): Tile {
  const tm = Math.min(reg * 8, pow2(M));
  // Register tiles of up to 8 × 8, so that each value read from workgroup
  // memory feeds up to eight multiply-adds: on SwiftShader a
  // workgroup-memory read costs about as much as ten FMAs, and on GPUs
  // 8 × 8 per invocation is the classic balance too. A narrow M (few output
  // channels, depthwise M = 1) gives its invocations to N instead.
  const rm = Math.min(reg, tm);
  const rn = reg === 8 && pow2(N) >= 32 ? 8 : 4;
  const ty = tm / rm;
  // 64 invocations per workgroup where N is wide enough; fewer (down to 16)
  // where that leaves under 8 workgroups, so that a small GEMM with a long K
  // (a weight gradient over batch × pixels) still spreads over the cores.
  let tx = Math.max(1, Math.min(64 / ty, Math.ceil(pow2(N) / rn)));
  const tiles = (x: number) => Math.ceil(M / tm) * Math.ceil(N / (x * rn)) * G;
  while (tx * ty > 16 && tx > 1 && tiles(tx) < 8) tx /= 2;
  const tn = tx * rn;
  // TK = 8: the inner loop is unrolled by shader compilers, so its code
  // grows with TK·RM·RN, and SwiftShader's compile time with it (TK = 16
  // took a third longer to compile a ResNet's kernels for the same speed).
  let tk = Math.min(8, pow2(K));
  while (tk > 1 && tk * (tm + tn) > SHARED_FLOATS) tk /= 2;
  return { tm, tn, tk, rm, rn };
}

/**
 * Fills `k`'s body, dispatch and declarations with the GEMM `spec`, in the
 * template the device's choice names (the tiled one by default); `k`
 * already declares the bindings the hooks use. Returns `k`.
 */
export function gemmKernel(k: KernelBuilder, ctx: LoweringContext, spec: GemmSpec & { readonly tile?: Tile }): KernelBuilder {
  const choice = spec.tile ? undefined : ctx.gemmChoice?.(gemmKey(ctx.node.op, spec), ctx.node.name);
  if (choice?.kind === "direct") return directGemmKernel(k, ctx, spec, choice.shape);
  if (choice?.kind === "subgroup") return subgroupGemmKernel(k, ctx, spec, choice.shape);
  return tiledGemmKernel(k, ctx, spec, spec.tile ?? chooseTile(spec.M, spec.N, spec.K, spec.G, choice?.reg ?? 8));
}

function tiledGemmKernel(k: KernelBuilder, ctx: LoweringContext, spec: GemmSpec, t: Tile): KernelBuilder {
  const { M, N, K, G } = spec;
  const tx = t.tn / t.rn;
  const ty = t.tm / t.rm;
  const nt = tx * ty;
  if (nt > MAX_THREADS || (t.tm + t.tn) * t.tk > SHARED_FLOATS) throw new Error(`internal: GEMM tile ${JSON.stringify(t)} exceeds the workgroup limits`);
  const grid = gemmGrid(ctx, spec, t.tm, t.tn);

  // Workgroup tiles hold vectors of up to 4: tileA[kk][m / VA] holds VA
  // consecutive rows at step kk, tileB[kk][n / VB] VB consecutive columns.
  // An invocation's RM rows are RM / VA vectors of A and its RN columns
  // RN / VB vectors of B, so per kk it makes RM/VA + RN/VB workgroup reads
  // for RM·RN multiply-adds.
  const VA = Math.min(t.rm, 4);
  const VB = Math.min(t.rn, 4);
  const ra = t.rm / VA;
  const rb = t.rn / VB;
  const va = VA === 1 ? "f32" : `vec${VA}f`;
  const vb = VB === 1 ? "f32" : `vec${VB}f`;
  const am = t.tm / VA; // A vectors per k step
  const bn = t.tn / VB; // B vectors per k step
  const vec = (ty: string, parts: string[]) => (parts.length === 1 ? parts[0]! : `${ty}(${parts.join(", ")})`);
  const R = [...Array(t.rm).keys()];
  const JA = [...Array(ra).keys()];
  const JB = [...Array(rb).keys()];
  const LA = [...Array(VA).keys()];
  const LB = [...Array(VB).keys()];
  const xyzw = "xyzw";
  // Staging: invocation e loads one vector, VA consecutive m (VB consecutive
  // n) at one k; consecutive invocations take consecutive k when the
  // operand is contiguous in k, else consecutive vectors along m (n).
  const aIdx = (spec.aFast ?? "k") === "k" ? `let mv = e / ${t.tk}u; let kk = e % ${t.tk}u;` : `let kk = e / ${am}u; let mv = e % ${am}u;`;
  const bIdx = (spec.bFast ?? "n") === "n" ? `let kk = e / ${bn}u; let nv = e % ${bn}u;` : `let nv = e / ${t.tk}u; let kk = e % ${t.tk}u;`;
  const splat = (x: string) => (VB === 1 ? x : `${vb}(${x})`);
  const aPart = (r: number) => (VA === 1 ? `a${r}` : `a${Math.floor(r / VA)}.${xyzw[r % VA]}`);
  const fmas = R.flatMap((r) => JB.map((j) => `      acc${r}_${j} += ${splat(aPart(r))} * b${j};`)).join("\n");
  const stores = `  var res: array<${vb}, ${t.rm * rb}>;
${R.flatMap((r) => JB.map((j) => `  res[${r * rb + j}u] = acc${r}_${j};`)).join("\n")}
${gemmStores(M, N, t.rm, t.rn, VB, `m0 + lid.y * ${t.rm}u`, `n0 + lid.x * ${t.rn}u`)}`;

  k.note(`GEMM ${M} × ${N} × ${K} (× ${G} groups); tile ${t.tm} × ${t.tn} × ${t.tk}, ${ty} × ${tx} invocations of ${t.rm} × ${t.rn}.`);
  k.use(
    ...(spec.uses ?? []),
    kernelFn("tileA", code(`var<workgroup> tileA: array<${va}, ${t.tk * am}>;`)),
    kernelFn("tileB", code(`var<workgroup> tileB: array<${vb}, ${t.tk * bn}>;`)),
    ...gemmOperandFns(spec),
  );
  k.body = code(`@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
${grid.header}
  let m0 = mBase;
  let n0 = nBase;
${R.flatMap((r) => JB.map((j) => `  var acc${r}_${j} = ${vb}();`)).join("\n")}
  for (var k0 = 0u; k0 < ${K}u; k0 += ${t.tk}u) {
    for (var e = li; e < ${t.tk * am}u; e += ${nt}u) {
      ${aIdx}
      let m = m0 + mv * ${VA}u;
      let k = k0 + kk;
${LA.map((j) => `      let a${j} = loadA(g, m + ${j}u, k);`).join("\n")}
      tileA[kk * ${am}u + mv] = ${vec(va, LA.map((j) => `a${j}`))};
    }
    for (var e = li; e < ${t.tk * bn}u; e += ${nt}u) {
      ${bIdx}
      let n = n0 + nv * ${VB}u;
      let k = k0 + kk;
${LB.map((j) => `      let b${j} = loadB(g, k, n + ${j}u);`).join("\n")}
      tileB[kk * ${bn}u + nv] = ${vec(vb, LB.map((j) => `b${j}`))};
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${t.tk}u; kk++) {
${JA.map((j) => `      let a${j} = tileA[kk * ${am}u + lid.y * ${ra}u + ${j}u];`).join("\n")}
${JB.map((j) => `      let b${j} = tileB[kk * ${bn}u + lid.x * ${rb}u + ${j}u];`).join("\n")}
${fmas}
    }
    workgroupBarrier();
  }
${stores}
}`);
  k.dispatch = grid.dispatch;
  return k;
}

/**
 * A forward layer's GEMM kernel and its bindings (conv, conv_transpose,
 * dense), declared in this order: the input x, the weight, the bias when
 * the layer has one, the output.
 */
export function layerBindings(ctx: LoweringContext): { k: KernelBuilder; x: Binding; weight: Binding; bias: Binding | undefined; out: Binding } {
  const k = newKernel();
  const x = k.input(0);
  const weight = k.param("weight");
  const bias = boolAttr(ctx.attrs, "bias") ? k.param("bias") : undefined;
  const out = k.output();
  return { k, x, weight, bias, out };
}

/**
 * A data gradient's GEMM kernel and its bindings (dense_grad_input,
 * conv_grad_input, conv_transpose_grad_input), declared in this order: dy,
 * the forward weight, the output dx.
 */
export function dataGradBindings(): { k: KernelBuilder; dy: Binding; weight: Binding; out: Binding } {
  const k = newKernel();
  const dy = k.input(0);
  const weight = k.param("weight");
  const out = k.output();
  return { k, dy, weight, out };
}
