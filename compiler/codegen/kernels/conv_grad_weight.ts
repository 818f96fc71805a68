// conv_grad_weight as an implicit GEMM per group, the batch reduction inside:
//
//   M = out/groups, N = in/groups·kh·kw (the weight's row), K = batch·OH·OW,
//   dW[o, (c, ky, kx)] = Σ_{b, p} dy[b, o, p] · im2col(x)[(c, ky, kx), (b, p)]
//
// A is dy (contiguous along k within a sample), B the im2col gather of x
// with the forward conv's bounds checks. The output is unbatched: one GEMM
// sums over batch and pixels, so no second reduction pass is needed. (No
// split-K: a kernel is one dispatch and WGSL has no float atomics, so a
// split would need a second kernel.) Tiling: ../gemm.ts.
// A connection table computes the dense [out, in·kh·kw] gradient and stores
// only the connected rows, at their link index.
import type { Lowering } from "../contract.js";
import { convWindow, dims4, directGather, linkTable } from "../conv_common.js";
import { gemmKernel } from "../gemm.js";
import { bindings } from "../wgsl.js";

export const lower: Lowering = (ctx) => {
  const [B, C, H, W] = dims4(ctx.inputs[0]!, "x");
  const [, O, OH, OW] = dims4(ctx.inputs[1]!, "dy");
  const win = convWindow(ctx.attrs, H, W);
  const links = linkTable(ctx.attrs, C, O);
  const G = links ? 1 : win.groups;
  const Cg = C / G;
  const Og = O / G;
  const khw = win.kh * win.kw;
  const N = Cg * khw;
  const { code, dispatch } = gemmKernel(ctx, {
    M: Og,
    N,
    K: B * OH * OW,
    G,
    bindings: bindings(ctx, []),
    prelude: [links ?? "", directGather({ name: "in0", c: C, h: H, w: W }, win)].join("\n"),
    loadA: `  return in1[((k / ${OH * OW}u) * ${O}u + g * ${Og}u + m) * ${OH * OW}u + k % ${OH * OW}u];`,
    loadB: `  let r = n % ${khw}u;
  let p = k % ${OH * OW}u;
  return gather(k / ${OH * OW}u, g * ${Cg}u + n / ${khw}u, p / ${OW}u, p % ${OW}u, r / ${win.kw}u, r % ${win.kw}u);`,
    storeC: links
      ? `  let l = LINK[m * ${C}u + n / ${khw}u];
  if (l >= 0) { out[u32(l) * ${khw}u + n % ${khw}u] = v; }`
      : `  out[(g * ${Og}u + m) * ${N}u + n] = v;`,
  });
  return { code, dispatch, paramRoles: [] };
};
