// conv_transpose forward as an implicit GEMM per group: the same GEMM as
// conv_grad_input with x in the place of dy and the weight [in, out/groups,
// kh, kw] read the other way round:
//
//   M = out/groups, N = batch·OH·OW (output pixels), K = in/groups·kh·kw,
//   y[b, o, (Y, X)] = Σ_{c, ky, kx} W[c, o, ky, kx] · x[b, c, (Y + ph − ky·dh)/sh, …] + bias[o]
//
// B gathers, for each output pixel, the input pixel that tap (ky, kx)
// scattered into it (zero where the stride skips or it is cropped), so each
// output is written once, with no scatter and no atomics. Tiling: ../gemm.ts.
import { wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { dims4, transposeWindow, transposedGather } from "../templates/conv_common.js";
import { gemmKernel, layerBindings } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [, C, H, W] = dims4(ctx.inputs[0]!, "conv_transpose input");
  const [B, O, OH, OW] = dims4(ctx.out, "conv_transpose output");
  const win = transposeWindow(ctx.attrs);
  const G = win.groups;
  const Cg = C / G;
  const Og = O / G;
  const khw = win.kh * win.kw;
  const { k, x, weight, bias, out } = layerBindings(ctx);
  return gemmKernel(k, ctx, {
    M: Og,
    N: B * OH * OW,
    K: Cg * khw,
    G,
    uses: [transposedGather({ binding: x, c: C, h: H, w: W }, win)],
    loadA: wgsl`  return ${weight.at(`((g * ${Cg}u + k / ${khw}u) * ${Og}u + m) * ${khw}u + k % ${khw}u`)};`,
    loadB: wgsl`  let r = k % ${khw}u;
  let p = n % ${OH * OW}u;
  return gather(n / ${OH * OW}u, g * ${Cg}u + k / ${khw}u, p / ${OW}u, p % ${OW}u, r / ${win.kw}u, r % ${win.kw}u);`,
    storeC: wgsl`  let o = g * ${Og}u + m;
  ${out.set(`((n / ${OH * OW}u) * ${O}u + o) * ${OH * OW}u + n % ${OH * OW}u`, bias ? wgsl`v + ${bias.at("o")}` : "v")}`,
  }).build();
};
