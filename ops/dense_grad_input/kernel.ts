// dense_grad_input: dx[r, i] = Σ_o dy[r, o]·W[o, i], a tiled GEMM (../gemm.ts)
// with M = rows (batch × leading axes), N = in, K = out: A is dy (contiguous
// in k = o), B is W (contiguous in n = i), stores contiguous in i.
import { wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { dataGradBindings, gemmKernel } from "../templates/gemm.js";
import { elementCount } from "../../core/ir/graph.js";

export const lower: Lowering = (ctx) => {
  const outF = ctx.inputs[0]![ctx.inputs[0]!.length - 1]!;
  const inF = ctx.out[ctx.out.length - 1]!;
  const rows = elementCount(ctx.out) / inF;
  const { k, dy, weight, out } = dataGradBindings();
  return gemmKernel(k, ctx, {
    M: rows,
    N: inF,
    K: outF,
    G: 1,
    loadA: wgsl`  return ${dy.at(`m * ${outF}u + k`)};`,
    loadB: wgsl`  return ${weight.at(`k * ${inF}u + n`)};`,
    storeC: wgsl`  ${out.set(`m * ${inF}u + n`, "v")}`,
  }).build();
};
