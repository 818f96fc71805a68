// dense_grad_weight: dW[o, i] = Σ_r dy[r, o]·x[r, i] over the rows r (batch
// and leading axes), a tiled GEMM (../gemm.ts) with M = out, N = in and the
// reduction K = rows inside it, so the unbatched result needs no second pass.
// A is dyᵀ (contiguous in m = o), B is x (contiguous in n = i).
// With `splits` S > 1 (split-K, passes/split_k.ts; see conv_grad_weight.ts)
// grid slice s sums its chunk of rows into partial sum s of [S, out, in].
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { splitsOf } from "../grad_shared.js";
import type { Lowering } from "../lowering.js";
import { gemmKernel } from "../templates/gemm.js";
import { elementCount } from "../../core/ir/graph.js";

export const lower: Lowering = (ctx) => {
  const xShape = ctx.inputs[0]!;
  const dyShape = ctx.inputs[1]!;
  const inF = xShape[xShape.length - 1]!;
  const outF = dyShape[dyShape.length - 1]!;
  const rows = elementCount(xShape) / inF;
  const S = splitsOf(ctx.attrs);
  const chunk = Math.ceil(rows / S);
  const row = `  let kq = g * ${chunk}u + k;
  if (kq >= ${rows}u) { return 0.0; }`;
  const k = newKernel();
  const x = k.input(0);
  const dy = k.input(1);
  const out = k.output();
  return gemmKernel(k, ctx, {
    M: outF,
    N: inF,
    K: chunk,
    G: S,
    loadA: wgsl`${row}\n  return ${dy.at(`kq * ${outF}u + m`)};`,
    aFast: "m",
    loadB: wgsl`${row}\n  return ${x.at(`kq * ${inF}u + n`)};`,
    storeC: wgsl`  ${out.set(`(g * ${outF}u + m) * ${inF}u + n`, "v")}`,
  }).build();
};
