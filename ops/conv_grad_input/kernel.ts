// conv_grad_input (dx, the adjoint of conv) as an implicit GEMM per group:
//
//   M = in/groups (input channels), N = batch·H·W (input pixels),
//   K = out/groups·kh·kw,   dx[b, c, p] = Σ_{o, ky, kx} W[o, c, ky, kx] · dy[b, o, tap]
//
// A is Wᵀ (read from the forward weight [out, in/groups, kh, kw]); B gathers
// from dy, for each input pixel, the output pixel that tap (ky, kx) of it
// came from: (iy + ph − ky·dh) / sh when divisible and in range, else 0
// (a transposed convolution, conv_common.ts). With stride s only 1/s² of
// those taps exist; the rest are staged as zeros. Tiling: ../gemm.ts.
// A connection table reads W through the link lookup (0 where not connected).
//
// A 1 × 1 output (LeNet-5's C5, a conv as wide as its input) is the other
// GEMM, the one dense_grad_input computes: every input pixel lies under
// exactly one tap (or none), so dx[b, c·H·W + p] = Σ_o dy[b, o] · W[o, c,
// tap(p)] with K = out/groups. The general form would reduce over all
// kh·kw taps, kh·kw − 1 of them zeros: 25 times the work for a 5 × 5 C5.
import { wgsl, type KernelDesc, type KernelFunction } from "../../core/kernel/index.js";
import type { Lowering, LoweringContext } from "../lowering.js";
import { convGrouping, dims4, gatherLoadB, transposedGather, type Window } from "../templates/conv_common.js";
import { dataGradBindings, gemmKernel } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [, O, OH, OW] = dims4(ctx.inputs[0]!, "dy");
  const [B, C, H, W] = dims4(ctx.out, "dx");
  const { win, links, G, Cg, Og, khw } = convGrouping(ctx.attrs, C, H, W, O);
  if (OH === 1 && OW === 1) return lowerOneOutputPixel(ctx, { B, C, H, W, O, G, win, links });
  const { k, dy, weight, out } = dataGradBindings();
  return gemmKernel(k, ctx, {
    M: Cg,
    N: B * H * W,
    K: Og * khw,
    G,
    uses: [...(links ? [links] : []), transposedGather({ binding: dy, c: O, h: OH, w: OW }, win)],
    loadA: links
      ? wgsl`  let l = LINK[(k / ${khw}u) * ${C}u + m];
  if (l < 0) { return 0.0; }
  return ${weight.at(`u32(l) * ${khw}u + k % ${khw}u`)};`
      : wgsl`  return ${weight.at(`((g * ${Og}u + k / ${khw}u) * ${Cg}u + m) * ${khw}u + k % ${khw}u`)};`,
    loadB: gatherLoadB(H, W, Og, win),
    storeC: wgsl`  ${out.set(`((n / ${H * W}u) * ${C}u + g * ${Cg}u + m) * ${H * W}u + n % ${H * W}u`, "v")}`,
  }).build();
};

/** The 1 × 1-output form (see the header): M = batch, N = in/groups·H·W, K = out/groups. */
function lowerOneOutputPixel(ctx: LoweringContext, d: { B: number; C: number; H: number; W: number; O: number; G: number; win: Window; links: KernelFunction | undefined }): KernelDesc {
  const { B, C, H, W, O, G, win, links } = d;
  const Cg = C / G;
  const Og = O / G;
  const khw = win.kh * win.kw;
  // The tap over input pixel (y, x): ky·dh = y + ph (the only output row is 0), likewise kx.
  const tapChecks = [win.dh > 1 ? `ty % ${win.dh}u != 0u` : "", win.dw > 1 ? `tx % ${win.dw}u != 0u` : ""].filter(Boolean).join(" || ");
  const { k, dy, weight: w, out } = dataGradBindings();
  const weight = links
    ? wgsl`  let l = LINK[k * ${C}u + c];
  if (l < 0) { return 0.0; }
  return ${w.at(`u32(l) * ${khw}u + ky * ${win.kw}u + kx`)};`
    : wgsl`  return ${w.at(`((g * ${Og}u + k) * ${Cg}u + c) * ${khw}u + ky * ${win.kw}u + kx`)};`;
  return gemmKernel(k, ctx, {
    M: B,
    N: Cg * H * W,
    K: Og,
    G,
    uses: links ? [links] : [],
    loadA: wgsl`  return ${dy.at(`m * ${O}u + g * ${Og}u + k`)};`,
    loadB: wgsl`  let c = n / ${H * W}u;
  let p = n % ${H * W}u;
  let ty = p / ${W}u + ${win.ph}u;
  let tx = p % ${W}u + ${win.pw}u;${tapChecks ? `
  if (${tapChecks}) { return 0.0; }` : ""}
  let ky = ty / ${win.dh}u;
  let kx = tx / ${win.dw}u;
  if (ky >= ${win.kh}u || kx >= ${win.kw}u) { return 0.0; }
${weight}`,
    storeC: wgsl`  ${out.set(`(m * ${C}u + g * ${Cg}u) * ${H * W}u + n`, "v")}`,
  }).build();
}
