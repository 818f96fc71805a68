// conv_transpose_grad_weight as an implicit GEMM per group, the batch
// reduction inside (conv_grad_weight with x and dy swapped):
//
//   M = in/groups, N = out/groups·kh·kw (the weight's row), K = batch·H·W,
//   dW[c, (o, ky, kx)] = Σ_{b, iy, ix} x[b, c, iy, ix] · dy[b, o, iy·sh − ph + ky·dh, …]
//
// A is x (contiguous along k within a sample), B the im2col gather of dy.
// Unbatched [in, out/groups, kh, kw]. Tiling: ../gemm.ts.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { dims4, directGather, transposeGrouping } from "../templates/conv_common.js";
import { gemmKernel } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [B, C, H, W] = dims4(ctx.inputs[0]!, "x");
  const [, O, OH, OW] = dims4(ctx.inputs[1]!, "dy");
  const { win, G, Cg, Og, khw } = transposeGrouping(ctx.attrs, C, O);
  const N = Og * khw;
  const k = newKernel();
  const x = k.input(0);
  const dy = k.input(1);
  const out = k.output();
  return gemmKernel(k, ctx, {
    M: Cg,
    N,
    K: B * H * W,
    G,
    uses: [directGather({ binding: dy, c: O, h: OH, w: OW }, win)],
    loadA: wgsl`  return ${x.at(`((k / ${H * W}u) * ${C}u + g * ${Cg}u + m) * ${H * W}u + k % ${H * W}u`)};`,
    loadB: wgsl`  let r = n % ${khw}u;
  let p = k % ${H * W}u;
  return gather(k / ${H * W}u, g * ${Og}u + n / ${khw}u, p / ${W}u, p % ${W}u, r / ${win.kw}u, r % ${win.kw}u);`,
    storeC: wgsl`  ${out.set(`(g * ${Cg}u + m) * ${N}u + n`, "v")}`,
  }).build();
};
