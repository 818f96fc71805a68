// conv_transpose_grad_input (the adjoint of conv_transpose: a plain
// convolution of dy) as an implicit GEMM per group, the GEMM of conv forward:
//
//   M = in/groups, N = batch·H·W (input pixels), K = out/groups·kh·kw,
//   dx[b, c, (iy, ix)] = Σ_{o, ky, kx} W[c, o, ky, kx] · dy[b, o, iy·sh − ph + ky·dh, …]
//
// A is the weight [in, out/groups, kh, kw] row by row (contiguous in k); B
// the im2col gather of dy with bounds checks. Tiling: ../gemm.ts.
import { wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { dims4, directGather, gatherLoadB, transposeGrouping } from "../templates/conv_common.js";
import { dataGradBindings, gemmKernel } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [, O, OH, OW] = dims4(ctx.inputs[0]!, "dy");
  const [B, C, H, W] = dims4(ctx.out, "dx");
  const { win, G, Cg, Og, khw } = transposeGrouping(ctx.attrs, C, O);
  const K = Og * khw;
  const { k, dy, weight, out } = dataGradBindings();
  return gemmKernel(k, ctx, {
    M: Cg,
    N: B * H * W,
    K,
    G,
    uses: [directGather({ binding: dy, c: O, h: OH, w: OW }, win)],
    loadA: wgsl`  return ${weight.at(`(g * ${Cg}u + m) * ${K}u + k`)};`,
    loadB: gatherLoadB(H, W, Og, win),
    storeC: wgsl`  ${out.set(`((n / ${H * W}u) * ${C}u + g * ${Cg}u + m) * ${H * W}u + n % ${H * W}u`, "v")}`,
  }).build();
};
