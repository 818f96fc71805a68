// What the convolution kernels share: the window geometry from the
// attributes, the two on-the-fly im2col gathers the implicit GEMMs read
// their feature-map operand through, and a connection table as a lookup.
//
// The six convolution kernels are three GEMMs, each with a "direct" or a
// "transposed" gather (conv_transpose swaps the roles of x and y):
//
//   direct      src[b, c, y·s − p + k·d]            (conv forward, its weight
//               gradient, conv_transpose's input and weight gradients)
//   transposed  src[b, c, (y + p − k·d) / s]         (conv's input gradient,
//               when divisible and in range          conv_transpose forward)
//
// Both return 0 for taps outside the source, which is the zero padding.
// Each is a kernel function (`gather`) reading its source binding through
// a typed hole, so fusion sees the read.

import type { Attrs } from "../../core/ir/graph.js";
import { code, kernelFn, wgsl, type Binding, type Code, type KernelFunction } from "../../core/kernel/index.js";
import { intAttr, pairAttr, resolvePad } from "../contract.js";
import { LoweringError } from "../lowering.js";

export interface Window {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  /** Leading padding (the trailing one is implied by the output size). */
  readonly ph: number;
  readonly pw: number;
  readonly groups: number;
}

/** conv's window; h, w are the conv's INPUT size ("same" padding depends on it). */
export function convWindow(attrs: Attrs, h: number, w: number): Window {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const ph = resolvePad(attrs.padding!, 0, h, kh, sh, dh)[0];
  const pw = resolvePad(attrs.padding!, 1, w, kw, sw, dw)[0];
  return { kh, kw, sh, sw, dh, dw, ph, pw, groups: intAttr(attrs, "groups") };
}

/** conv_transpose's window (padding is a plain pair). */
export function transposeWindow(attrs: Attrs): Window {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const [ph, pw] = pairAttr(attrs, "padding");
  return { kh, kw, sh, sw, dh, dw, ph, pw, groups: intAttr(attrs, "groups") };
}

export function dims4(shape: readonly number[], what: string): [number, number, number, number] {
  if (shape.length !== 4) throw new LoweringError(`internal: ${what} has shape [${shape.join(", ")}], expected [N, C, H, W]`);
  return shape as unknown as [number, number, number, number];
}

/** Source tensor of a gather: its binding and [C, H, W] (batch first). */
export interface Source {
  readonly binding: Binding;
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

/**
 * `fn gather(b, c, y, x, ky, kx) -> f32`: src[b, c, y·s − p + ky·d, x·s − p + kx·d],
 * zero outside the source.
 */
export function directGather(src: Source, win: Window): KernelFunction {
  return kernelFn(
    "gather",
    wgsl`fn gather(b: u32, c: u32, y: u32, x: u32, ky: u32, kx: u32) -> f32 {
  let iy = i32(y * ${win.sh}u + ky * ${win.dh}u) - ${win.ph};
  let ix = i32(x * ${win.sw}u + kx * ${win.dw}u) - ${win.pw};
  if (iy < 0 || iy >= ${src.h} || ix < 0 || ix >= ${src.w}) { return 0.0; }
  return ${src.binding.at(`((b * ${src.c}u + c) * ${src.h}u + u32(iy)) * ${src.w}u + u32(ix)`)};
}`,
  );
}

/**
 * `fn gather(b, c, y, x, ky, kx) -> f32`: the source position that tap
 * (ky, kx) carries to (y, x) in a strided window, src[b, c, (y + p − ky·d)/s, …],
 * zero where the stride skips it or it falls outside the source.
 */
export function transposedGather(src: Source, win: Window): KernelFunction {
  const divisible = [win.sh > 1 ? `uy % ${win.sh}u != 0u` : "", win.sw > 1 ? `ux % ${win.sw}u != 0u` : ""].filter(Boolean).join(" || ");
  return kernelFn(
    "gather",
    wgsl`fn gather(b: u32, c: u32, y: u32, x: u32, ky: u32, kx: u32) -> f32 {
  let ty = i32(y) + ${win.ph} - i32(ky * ${win.dh}u);
  let tx = i32(x) + ${win.pw} - i32(kx * ${win.dw}u);
  if (ty < 0 || tx < 0) { return 0.0; }
  let uy = u32(ty);
  let ux = u32(tx);${divisible ? `\n  if (${divisible}) { return 0.0; }` : ""}
  let iy = uy / ${win.sh}u;
  let ix = ux / ${win.sw}u;
  if (iy >= ${src.h}u || ix >= ${src.w}u) { return 0.0; }
  return ${src.binding.at(`((b * ${src.c}u + c) * ${src.h}u + iy) * ${src.w}u + ix`)};
}`,
  );
}

/**
 * A connection table (LeNet-5's C3) as a dense [out, in] matrix of link
 * indices (−1: not connected), so that a table conv runs through the same
 * GEMMs as a dense one: the weight operand reads W[link] or 0, and the weight
 * gradient is stored only where a link exists. The work for missing links
 * is wasted, which for the small tables this serves (LeNet: 60 of 96) is
 * cheaper than a separate sparse kernel. A module-scope `const` array
 * (indexed at run time), which compilers keep as a constant table rather
 * than a per-invocation copy.
 */
export function linkTable(attrs: Attrs, inC: number, outC: number): KernelFunction | undefined {
  const table = attrs.table;
  if (!Array.isArray(table)) return undefined;
  const links = new Array<number>(inC * outC).fill(-1);
  let l = 0;
  table.forEach((row, o) => {
    for (const c of row as readonly number[]) {
      if (links[o * inC + c] !== -1) throw new LoweringError(`connection table row ${o} lists input map ${c} twice`);
      links[o * inC + c] = l++;
    }
  });
  return kernelFn("LINK", code(`const LINK = array<i32, ${links.length}>(${links.join(", ")});`));
}

/** The number of links of a connection table (its weight's first axis), undefined without one. */
export function linkCount(attrs: Attrs): number | undefined {
  const table = attrs.table;
  return Array.isArray(table) ? table.reduce((n: number, row) => n + (row as readonly number[]).length, 0) : undefined;
}

/**
 * A conv's GEMM grouping, for conv and its gradients: the window, the link
 * table (LINK) when it has one, G groups (1 with a table), Cg input and Og
 * output channels per group, khw taps per channel.
 */
export function convGrouping(attrs: Attrs, C: number, H: number, W: number, O: number) {
  const win = convWindow(attrs, H, W);
  const links = linkTable(attrs, C, O);
  const G = links ? 1 : win.groups;
  return { win, links, G, Cg: C / G, Og: O / G, khw: win.kh * win.kw };
}

/** conv_transpose's GEMM grouping, for it and its gradients: the window, G groups, Cg input and Og output channels per group, khw taps per channel. */
export function transposeGrouping(attrs: Attrs, C: number, O: number) {
  const win = transposeWindow(attrs);
  const G = win.groups;
  return { win, G, Cg: C / G, Og: O / G, khw: win.kh * win.kw };
}

/**
 * The body of `loadB(g, k, n)` of a GEMM whose B is the im2col matrix of a
 * gather (conv, conv_transpose and their input gradients): column n is
 * (sample, pixel) of the h × w pixels the GEMM computes, row k is (channel of
 * group g, of `cpg` per group; tap). Reads `gather` (directGather or transposedGather).
 */
export function gatherLoadB(h: number, w: number, cpg: number, win: Window): Code {
  const khw = win.kh * win.kw;
  return wgsl`  let r = k % ${khw}u;
  let p = n % ${h * w}u;
  return gather(n / ${h * w}u, g * ${cpg}u + k / ${khw}u, p / ${w}u, p % ${w}u, r / ${win.kw}u, r % ${win.kw}u);`;
}

/**
 * The body of `storeC(g, m, n, v)` of a forward layer (conv, conv_transpose):
 * output map o = g·Og + m of O, column n = (sample, pixel) of `pixels` per
 * map, plus the bias of map o when there is one.
 */
export function storeOutputMap(out: Binding, bias: Binding | undefined, O: number, Og: number, pixels: number): Code {
  return wgsl`  let o = g * ${Og}u + m;
  ${out.set(`((n / ${pixels}u) * ${O}u + o) * ${pixels}u + n % ${pixels}u`, bias ? wgsl`v + ${bias.at("o")}` : "v")}`;
}
