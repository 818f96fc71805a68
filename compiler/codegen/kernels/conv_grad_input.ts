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
import type { Lowering } from "../contract.js";
import { convWindow, dims4, linkTable, transposedGather } from "../conv_common.js";
import { gemmKernel } from "../gemm.js";
import { bindings } from "../wgsl.js";

export const lower: Lowering = (ctx) => {
  const [, O, OH, OW] = dims4(ctx.inputs[0]!, "dy");
  const [B, C, H, W] = dims4(ctx.out, "dx");
  const win = convWindow(ctx.attrs, H, W);
  const links = linkTable(ctx.attrs, C, O);
  const G = links ? 1 : win.groups;
  const Cg = C / G;
  const Og = O / G;
  const khw = win.kh * win.kw;
  const { code, dispatch } = gemmKernel(ctx, {
    M: Cg,
    N: B * H * W,
    K: Og * khw,
    G,
    bindings: bindings(ctx, ["weight"]),
    prelude: [links ?? "", transposedGather({ name: "in0", c: O, h: OH, w: OW }, win)].join("\n"),
    loadA: links
      ? `  let l = LINK[(k / ${khw}u) * ${C}u + m];
  if (l < 0) { return 0.0; }
  return p_weight[u32(l) * ${khw}u + k % ${khw}u];`
      : `  return p_weight[((g * ${Og}u + k / ${khw}u) * ${Cg}u + m) * ${khw}u + k % ${khw}u];`,
    loadB: `  let r = k % ${khw}u;
  let p = n % ${H * W}u;
  return gather(n / ${H * W}u, g * ${Og}u + k / ${khw}u, p / ${W}u, p % ${W}u, r / ${win.kw}u, r % ${win.kw}u);`,
    storeC: `  out[((n / ${H * W}u) * ${C}u + g * ${Cg}u + m) * ${H * W}u + n % ${H * W}u] = v;`,
  });
  return { code, dispatch, paramRoles: ["weight"] };
};
