// A tiled GEMM template that the dense and convolution kernels instantiate:
//
//   C[g, m, n] = Σ_k A[g, m, k] · B[g, k, n],   g < G, m < M, n < N, k < K
//
// where A and B are never materialised: each kernel supplies `loadA` and
// `loadB`, WGSL functions that compute one element from its buffers (a
// weight read, or an im2col gather from a feature map with the padding,
// stride and dilation bounds checks of a convolution), and `storeC`, which
// writes one result (adding a bias, or scattering to a table's link).
//
// Tiling. A workgroup of TX × TY invocations owns a TM × TN tile of C (one
// group g). It walks K in steps of TK: all its invocations first stage the
// TM × TK slice of A and the TK × TN slice of B in workgroup memory (each
// element is read from global memory, and gathered, once per workgroup
// rather than once per output that uses it), then every invocation
// accumulates an RM × RN register tile from the staged slices. The tiles
// are stored as vectors, tileA[k][m / RM] (vecRM) and tileB[k][n / RN]
// (vec4), laid out so that one invocation's RM rows and RN columns are one
// vector each: per k, two workgroup loads feed RM vec4 multiply-adds
// (RM·RN products). Invocation (x, y) owns rows y·RM … y·RM + RM − 1 and
// columns x·RN … x·RN + RN − 1.
//
// Staging: each invocation loads whole vectors (RM consecutive m, or RN
// consecutive n, at one k), and the flat invocation index maps to the tile
// so that consecutive invocations read consecutive global addresses: along
// k when the operand is contiguous in k (a weight row, dy over pixels),
// along m or n otherwise (`aFast`, `bFast`).
//
// Sizes that do not divide the tile are handled by bounds checks: staged
// elements past M, N or K are zeros (so they add nothing), results past M
// or N are not stored. The K loop and the barriers inside it depend only on
// constants and the workgroup id, so control flow stays uniform.
//
// Tile shape (chooseTile): 64 × 64 × 8 (16 × 16 invocations of 4 × 4, 4 KiB
// of workgroup memory) for large problems; when M is small (a conv layer
// with few output channels per group, depthwise M = 1, a dense layer with a
// small batch) TM shrinks to the next power of two and the spare
// invocations go to N instead (up to 64 × 4 = 256 columns), so few
// invocations compute only padding rows; small problems get narrower tiles
// for more workgroups. TK is lowered where needed to keep (TM + TN)·TK·4
// bytes within 16 KiB, the storage every WebGPU device guarantees.

import type { LoweringContext } from "./contract.js";

export interface Tile {
  readonly tm: number;
  readonly tn: number;
  readonly tk: number;
  readonly rm: number;
  readonly rn: number;
}

export interface GemmSpec {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  /** Independent GEMMs (convolution groups), one per slice of the grid. */
  readonly G: number;
  /** Binding declarations (bindings() of wgsl.ts). */
  readonly bindings: string;
  /** Extra module-scope declarations and helper functions. */
  readonly prelude?: string;
  /** Body of `fn loadA(g: u32, m: u32, k: u32) -> f32`, called only with m < M, k < K. */
  readonly loadA: string;
  /** Body of `fn loadB(g: u32, k: u32, n: u32) -> f32`, called only with k < K, n < N. */
  readonly loadB: string;
  /** Body of `fn storeC(g: u32, m: u32, n: u32, v: f32)`, called only with m < M, n < N. */
  readonly storeC: string;
  /** Which index of A is contiguous in memory: "k" (default) or "m". */
  readonly aFast?: "k" | "m";
  /** Which index of B is contiguous in memory: "n" (default) or "k". */
  readonly bFast?: "k" | "n";
  readonly tile?: Tile;
}

/** Workgroup storage every WebGPU device provides (maxComputeWorkgroupStorageSize). */
const SHARED_FLOATS = 16384 / 4;
const MAX_THREADS = 256;

const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

export function chooseTile(M: number, N: number, K: number, G = 1): Tile {
  const tm = Math.min(64, pow2(M));
  // 4 × 4 register tiles where M fills a 32- or 64-row tile; for narrow M
  // two rows per invocation leave more invocations to N.
  const rm = tm >= 32 ? 4 : Math.min(2, tm);
  const ty = tm / rm;
  const rn = 4;
  let tx = Math.max(1, Math.min(MAX_THREADS / ty, 64, Math.ceil(pow2(N) / rn)));
  // Small problems: narrower tiles for more workgroups, while a workgroup
  // keeps at least 64 invocations.
  const tiles = (t: number) => Math.ceil(M / tm) * Math.ceil(N / (t * rn)) * G;
  while (tx * ty > 64 && tiles(tx) < 64) tx /= 2;
  const tn = tx * rn;
  // TK = 8: the inner loop is unrolled by shader compilers, so its code grows
  // with TK·RM (SwiftShader's compile time with it); 8 steps per barrier pair
  // already amortise the staging.
  let tk = Math.min(8, pow2(K));
  while (tk > 1 && tk * (tm + tn) > SHARED_FLOATS) tk /= 2;
  return { tm, tn, tk, rm, rn };
}

export function gemmKernel(ctx: LoweringContext, spec: GemmSpec): { code: string; dispatch: [number, number, number] } {
  const { M, N, K, G } = spec;
  const t = spec.tile ?? chooseTile(M, N, K, G);
  const tx = t.tn / t.rn;
  const ty = t.tm / t.rm;
  const nt = tx * ty;
  if (nt > MAX_THREADS || (t.tm + t.tn) * t.tk > SHARED_FLOATS) throw new Error(`internal: GEMM tile ${JSON.stringify(t)} exceeds the workgroup limits`);
  const mTiles = Math.ceil(M / t.tm);
  const nTiles = Math.ceil(N / t.tn);
  const total = mTiles * nTiles * G;
  const max = ctx.maxWorkgroupsPerDimension;
  // Workgroups past the per-dimension limit fold into y, then z.
  const dx = Math.min(total, max);
  const dy = Math.min(Math.ceil(total / dx), max);
  const dz = Math.ceil(total / (dx * dy));
  if (dz > max) throw new Error(`internal: ${total} workgroups exceed the dispatch limit`);

  // Workgroup tiles hold vectors: tileA[kk][m / RM] is the RM rows of one
  // invocation's register tile at step kk, tileB[kk][n / RN] its RN columns,
  // so the inner loop is two vector loads and RM vector multiply-adds.
  const va = t.rm === 1 ? "f32" : `vec${t.rm}f`;
  const vb = t.rn === 1 ? "f32" : `vec${t.rn}f`;
  const am = t.tm / t.rm; // A vectors per k step
  const bn = t.tn / t.rn; // B vectors per k step
  const vec = (ty: string, parts: string[]) => (parts.length === 1 ? parts[0]! : `${ty}(${parts.join(", ")})`);
  const R = [...Array(t.rm).keys()];
  const Cn = [...Array(t.rn).keys()];
  // Staging: invocation e loads one vector, RM consecutive m (RN consecutive
  // n) at one k; consecutive invocations take consecutive k when the
  // operand is contiguous in k, else consecutive vectors along m (n).
  const aIdx = (spec.aFast ?? "k") === "k" ? `let mv = e / ${t.tk}u; let kk = e % ${t.tk}u;` : `let kk = e / ${am}u; let mv = e % ${am}u;`;
  const bIdx = (spec.bFast ?? "n") === "n" ? `let kk = e / ${bn}u; let nv = e % ${bn}u;` : `let nv = e / ${t.tk}u; let kk = e % ${t.tk}u;`;
  const splat = (x: string) => (t.rn === 1 ? x : `${vb}(${x})`);
  const fmas = R.map((r) => `      acc${r} += ${splat(t.rm === 1 ? "a" : `a.${"xyzw"[r]}`)} * b;`).join("\n");
  const stores = R.map(
    (r) => `  let mr${r} = m0 + lid.y * ${t.rm}u + ${r}u;
  if (mr${r} < ${M}u) {
${Cn.map((c) => `    if (n + ${c}u < ${N}u) { storeC(g, mr${r}, n + ${c}u, acc${r}${t.rn === 1 ? "" : `.${"xyzw"[c]}`}); }`).join("\n")}
  }`,
  ).join("\n");

  const code = `${spec.bindings}
${spec.prelude ?? ""}
// GEMM ${M} × ${N} × ${K} (× ${G} groups); tile ${t.tm} × ${t.tn} × ${t.tk}, ${ty} × ${tx} invocations of ${t.rm} × ${t.rn}.
var<workgroup> tileA: array<${va}, ${t.tk * am}>;
var<workgroup> tileB: array<${vb}, ${t.tk * bn}>;

fn loadA(g: u32, m: u32, k: u32) -> f32 {
  if (m >= ${M}u || k >= ${K}u) { return 0.0; }
${spec.loadA}
}

fn loadB(g: u32, k: u32, n: u32) -> f32 {
  if (n >= ${N}u || k >= ${K}u) { return 0.0; }
${spec.loadB}
}

fn storeC(g: u32, m: u32, n: u32, v: f32) {
${spec.storeC}
}

@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let wg = wid.x + (wid.y + wid.z * ${dy}u) * ${dx}u;
  if (wg >= ${total}u) { return; }
  let nTile = wg % ${nTiles}u;
  let rest = wg / ${nTiles}u;
  let m0 = (rest % ${mTiles}u) * ${t.tm}u;
  let n0 = nTile * ${t.tn}u;
  let g = rest / ${mTiles}u;
${R.map((r) => `  var acc${r} = ${vb}();`).join("\n")}
  for (var k0 = 0u; k0 < ${K}u; k0 += ${t.tk}u) {
    for (var e = li; e < ${t.tk * am}u; e += ${nt}u) {
      ${aIdx}
      let m = m0 + mv * ${t.rm}u;
      let k = k0 + kk;
${R.map((j) => `      let a${j} = loadA(g, m + ${j}u, k);`).join("\n")}
      tileA[kk * ${am}u + mv] = ${vec(va, R.map((j) => `a${j}`))};
    }
    for (var e = li; e < ${t.tk * bn}u; e += ${nt}u) {
      ${bIdx}
      let n = n0 + nv * ${t.rn}u;
      let k = k0 + kk;
${Cn.map((j) => `      let b${j} = loadB(g, k, n + ${j}u);`).join("\n")}
      tileB[kk * ${bn}u + nv] = ${vec(vb, Cn.map((j) => `b${j}`))};
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${t.tk}u; kk++) {
      let a = tileA[kk * ${am}u + lid.y];
      let b = tileB[kk * ${bn}u + lid.x];
${fmas}
    }
    workgroupBarrier();
  }
  let n = n0 + lid.x * ${t.rn}u;
${stores}
}`;
  return { code, dispatch: [dx, dy, dz] };
}
