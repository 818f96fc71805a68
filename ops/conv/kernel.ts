// conv forward as an implicit GEMM (tiling in ../gemm.ts), one per group:
//
//   M = out/groups (output channels), N = batch·OH·OW (output pixels),
//   K = in/groups·kh·kw (taps),   y[b, o, p] = Σ_k W[o, k] · im2col[k, (b, p)] + bias[o]
//
// A is the weight [out, in/groups, kh, kw] read row by row (contiguous in k);
// B is gathered from x on the fly with the padding, stride and dilation
// bounds checks, never materialised. The group is a slice of the grid.
// A connection table runs the same GEMM over all input maps with the weight
// looked up per (output, input) pair, 0 where not connected (conv_common.ts).
import { wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { convGrouping, dims4, directGather, gatherLoadB, storeOutputMap } from "../templates/conv_common.js";
import { gemmKernel, layerBindings } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [, C, H, W] = dims4(ctx.inputs[0]!, "conv input");
  const [B, O, OH, OW] = dims4(ctx.out, "conv output");
  const { win, links, G, Cg, Og, khw } = convGrouping(ctx.attrs, C, H, W, O);
  const K = Cg * khw;
  const { k, x, weight, bias, out } = layerBindings(ctx);
  return gemmKernel(k, ctx, {
    M: Og,
    N: B * OH * OW,
    K,
    G,
    uses: [...(links ? [links] : []), directGather({ binding: x, c: C, h: H, w: W }, win)],
    loadA: links
      ? wgsl`  let l = LINK[m * ${C}u + k / ${khw}u];
  if (l < 0) { return 0.0; }
  return ${weight.at(`u32(l) * ${khw}u + k % ${khw}u`)};`
      : wgsl`  return ${weight.at(`(g * ${Og}u + m) * ${K}u + k`)};`,
    loadB: gatherLoadB(OH, OW, Cg, win),
    storeC: storeOutputMap(out, bias, O, Og, OH * OW),
  }).build();
};
