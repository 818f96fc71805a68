// dense: y[r, o] = Σ_i x[r, i]·W[o, i] + b[o] over rows r (batch × leading
// axes), a tiled GEMM (../gemm.ts) with M = rows, N = out, K = in: A is x and
// B is Wᵀ, both read along their contiguous axis i = k when staged, and the
// outputs of neighbouring invocations are neighbouring o (contiguous stores).
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { gemmKernel } from "../templates/gemm.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const inF = ctx.inputs[0]![ctx.inputs[0]!.length - 1]!;
  const outF = ctx.out[ctx.out.length - 1]!;
  const rows = elementCount(ctx.out) / outF;
  const bias = boolAttr(ctx.attrs, "bias");
  const roles = bias ? ["weight", "bias"] : ["weight"];
  const { code, dispatch } = gemmKernel(ctx, {
    M: rows,
    N: outF,
    K: inF,
    G: 1,
    bindings: bindings(ctx, roles),
    loadA: `  return in0[m * ${inF}u + k];`,
    loadB: `  return p_weight[n * ${inF}u + k];`,
    bFast: "k",
    loadA4: `  let at = m * ${inF}u + 4u * k4;
  return vec4f(in0[at], in0[at + 1u], in0[at + 2u], in0[at + 3u]);`,
    loadB4: `  let at = n * ${inF}u + 4u * k4;
  return vec4f(p_weight[at], p_weight[at + 1u], p_weight[at + 2u], p_weight[at + 3u]);`,
    storeC: `  out[m * ${outF}u + n] = v${bias ? " + p_bias[n]" : ""};`,
  });
  return { code, dispatch, paramRoles: roles };
};
