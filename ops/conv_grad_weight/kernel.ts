// conv_grad_weight as an implicit GEMM per group, the batch reduction inside:
//
//   M = out/groups, N = in/groups·kh·kw (the weight's row), K = batch·OH·OW,
//   dW[o, (c, ky, kx)] = Σ_{b, p} dy[b, o, p] · im2col(x)[(c, ky, kx), (b, p)]
//
// A is dy (contiguous along k within a sample), B the im2col gather of x
// with the forward conv's bounds checks. Tiling: ../gemm.ts.
// A connection table computes the dense [out, in·kh·kw] gradient and stores
// only the connected rows, at their link index.
//
// Split-K (`splits` S > 1, passes/split_k.ts): M·N is small and K long
// (LeNet's first layer: 6 × 25 outputs over 64·28·28 pixels), so one GEMM
// would be one or a few workgroups. The grid gets S slices per group, slice
// s summing k over its chunk [s·⌈K/S⌉, (s+1)·⌈K/S⌉) into partial sum s of
// the output [S, …]; a split_sum kernel adds them up. WGSL has no float
// atomics, and the two kernels keep the sum's order fixed.
import { newKernel, wgsl, type Code } from "../../core/kernel/index.js";
import { splitsOf } from "../grad_shared.js";
import type { Lowering } from "../lowering.js";
import { convGrouping, dims4, directGather, linkCount } from "../templates/conv_common.js";
import { gemmKernel } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [B, C, H, W] = dims4(ctx.inputs[0]!, "x");
  const [, O, OH, OW] = dims4(ctx.inputs[1]!, "dy");
  const { win, links, G, Cg, Og, khw } = convGrouping(ctx.attrs, C, H, W, O);
  const N = Cg * khw;
  const K = B * OH * OW;
  const S = splitsOf(ctx.attrs);
  const chunk = Math.ceil(K / S);
  // One partial sum's elements: the weight's, [links, kh, kw] with a table.
  const size = (linkCount(ctx.attrs) ?? O * Cg) * khw;
  // The real group and reduction index of (grid slice g, k within its chunk).
  const split = (body: Code) => wgsl`  let gq = g / ${S}u;
  let kq = (g % ${S}u) * ${chunk}u + k;
  if (kq >= ${K}u) { return 0.0; }
${body}`;
  const k = newKernel();
  const x = k.input(0);
  const dy = k.input(1);
  const out = k.output();
  return gemmKernel(k, ctx, {
    M: Og,
    N,
    K: chunk,
    G: G * S,
    uses: [...(links ? [links] : []), directGather({ binding: x, c: C, h: H, w: W }, win)],
    loadA: split(wgsl`  return ${dy.at(`((kq / ${OH * OW}u) * ${O}u + gq * ${Og}u + m) * ${OH * OW}u + kq % ${OH * OW}u`)};`),
    loadB: split(wgsl`  let r = n % ${khw}u;
  let p = kq % ${OH * OW}u;
  return gather(kq / ${OH * OW}u, gq * ${Cg}u + n / ${khw}u, p / ${OW}u, p % ${OW}u, r / ${win.kw}u, r % ${win.kw}u);`),
    storeC: wgsl`  let part = (g % ${S}u) * ${size}u;
  let gq = g / ${S}u;
${
  links
    ? wgsl`  let l = LINK[m * ${C}u + n / ${khw}u];
  if (l >= 0) { ${out.set(`part + u32(l) * ${khw}u + n % ${khw}u`, "v")} }`
    : wgsl`  ${out.set(`part + (gq * ${Og}u + m) * ${N}u + n`, "v")}`
}`,
  }).build();
};
