// dense_grad_input: dx[r, i] = Σ_o dy[r, o]·W[o, i], a tiled GEMM (../gemm.ts)
// with M = rows (batch × leading axes), N = in, K = out: A is dy (contiguous
// in k = o), B is W (contiguous in n = i), stores contiguous in i.
import type { Lowering } from "../lowering.js";
import { gemmKernel } from "../templates/gemm.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const outF = ctx.inputs[0]![ctx.inputs[0]!.length - 1]!;
  const inF = ctx.out[ctx.out.length - 1]!;
  const rows = elementCount(ctx.out) / inF;
  const { code, dispatch } = gemmKernel(ctx, {
    M: rows,
    N: inF,
    K: outF,
    G: 1,
    bindings: bindings(ctx, ["weight"]),
    loadA: `  return in0[m * ${outF}u + k];`,
    loadB: `  return p_weight[k * ${inF}u + n];`,
    storeC: `  out[m * ${inF}u + n] = v;`,
  });
  return { code, dispatch, paramRoles: ["weight"] };
};
