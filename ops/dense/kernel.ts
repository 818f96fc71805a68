// dense: y[r, o] = Σ_i x[r, i]·W[o, i] + b[o] over rows r (batch × leading
// axes), a tiled GEMM (../gemm.ts) with M = rows, N = out, K = in: A is x and
// B is Wᵀ, both read along their contiguous axis i = k when staged, and the
// outputs of neighbouring invocations are neighbouring o (contiguous stores).
import { wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { gemmKernel, layerBindings } from "../templates/gemm.js";
import { elementCount } from "../../core/ir/graph.js";

export const lower: Lowering = (ctx) => {
  const inF = ctx.inputs[0]![ctx.inputs[0]!.length - 1]!;
  const outF = ctx.out[ctx.out.length - 1]!;
  const rows = elementCount(ctx.out) / outF;
  const { k, x, weight, bias, out } = layerBindings(ctx);
  return gemmKernel(k, ctx, {
    M: rows,
    N: outF,
    K: inF,
    G: 1,
    loadA: wgsl`  return ${x.at(`m * ${inF}u + k`)};`,
    loadB: wgsl`  return ${weight.at(`n * ${inF}u + k`)};`,
    bFast: "k",
    loadA4: wgsl`  let at = m * ${inF}u + 4u * k4;
  return vec4f(${x.at("at")}, ${x.at("at + 1u")}, ${x.at("at + 2u")}, ${x.at("at + 3u")});`,
    loadB4: wgsl`  let at = n * ${inF}u + 4u * k4;
  return vec4f(${weight.at("at")}, ${weight.at("at + 1u")}, ${weight.at("at + 2u")}, ${weight.at("at + 3u")});`,
    storeC: wgsl`  ${out.set(`m * ${outF}u + n`, bias ? wgsl`v + ${bias.at("n")}` : "v")}`,
  }).build();
};
