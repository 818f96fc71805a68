// dense_grad_weight: dW[o, i] = Σ_r dy[r, o]·x[r, i] over the rows r (batch
// and leading axes), a tiled GEMM (../gemm.ts) with M = out, N = in and the
// reduction K = rows inside it, so the unbatched result needs no second pass.
// A is dyᵀ (contiguous in m = o), B is x (contiguous in n = i).
// With `splits` S > 1 (split-K, passes/split_k.ts; see conv_grad_weight.ts)
// grid slice s sums its chunk of rows into partial sum s of [S, out, in].
import { splitsOf } from "../grad_shared.js";
import type { Lowering } from "../lowering.js";
import { gemmKernel } from "../templates/gemm.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const dy = ctx.inputs[1]!;
  const inF = x[x.length - 1]!;
  const outF = dy[dy.length - 1]!;
  const rows = elementCount(x) / inF;
  const S = splitsOf(ctx.attrs);
  const chunk = Math.ceil(rows / S);
  const row = `  let kq = g * ${chunk}u + k;
  if (kq >= ${rows}u) { return 0.0; }`;
  const { code, dispatch } = gemmKernel(ctx, {
    M: outF,
    N: inF,
    K: chunk,
    G: S,
    bindings: bindings(ctx, []),
    loadA: `${row}\n  return in1[kq * ${outF}u + m];`,
    aFast: "m",
    loadB: `${row}\n  return in0[kq * ${inF}u + n];`,
    storeC: `  out[(g * ${outF}u + m) * ${inF}u + n] = v;`,
  });
  return { code, dispatch, paramRoles: [] };
};
