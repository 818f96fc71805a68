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
import { dims4, gatherLoadB, storeOutputMap, transposedGather, transposeGrouping } from "../templates/conv_common.js";
import { gemmKernel, layerBindings } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [, C, H, W] = dims4(ctx.inputs[0]!, "conv_transpose input");
  const [B, O, OH, OW] = dims4(ctx.out, "conv_transpose output");
  const { win, G, Cg, Og, khw } = transposeGrouping(ctx.attrs, C, O);
  const { k, x, weight, bias, out } = layerBindings(ctx);
  return gemmKernel(k, ctx, {
    M: Og,
    N: B * OH * OW,
    K: Cg * khw,
    G,
    uses: [transposedGather({ binding: x, c: C, h: H, w: W }, win)],
    loadA: wgsl`  return ${weight.at(`((g * ${Cg}u + k / ${khw}u) * ${Og}u + m) * ${khw}u + k % ${khw}u`)};`,
    loadB: gatherLoadB(OH, OW, Cg, win),
    storeC: storeOutputMap(out, bias, O, Og, OH * OW),
  }).build();
};
