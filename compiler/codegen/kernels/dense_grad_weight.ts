// dense_grad_weight: dW[o, i] = Σ_r dy[r, o]·x[r, i] over the rows r (batch
// and leading axes), a tiled GEMM (../gemm.ts) with M = out, N = in and the
// reduction K = rows inside it, so the unbatched result needs no second pass.
// A is dyᵀ (contiguous in m = o), B is x (contiguous in n = i).
import type { Lowering } from "../contract.js";
import { gemmKernel } from "../gemm.js";
import { bindings, product } from "../wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const dy = ctx.inputs[1]!;
  const inF = x[x.length - 1]!;
  const outF = dy[dy.length - 1]!;
  const rows = product(x) / inF;
  const { code, dispatch } = gemmKernel(ctx, {
    M: outF,
    N: inF,
    K: rows,
    G: 1,
    bindings: bindings(ctx, []),
    loadA: `  return in1[k * ${outF}u + m];`,
    aFast: "m",
    loadB: `  return in0[k * ${inF}u + n];`,
    storeC: `  out[m * ${inF}u + n] = v;`,
  });
  return { code, dispatch, paramRoles: [] };
};
