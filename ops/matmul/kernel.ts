// matmul: one GEMM per product, C[g, m, n] = Σ_k A[g, m, k]·B[g, k, n], on
// the shared GEMM templates (../templates/gemm.ts) with G = batch × the
// leading axes: each group g is one [M, K]·[K, N] product, its matrices
// at g·(rows·cols) in a, b and the output. The transposes only change how
// loadA and loadB index the stored matrix, and which index is contiguous
// (aFast / bFast), so that staging reads consecutive addresses: a is
// contiguous along k unless transposed, b along n unless transposed.
// Sizes that do not divide the tile are the template's bounds checks.
//
// When both operands are contiguous along k (a as is, b transposed: the
// attention scores q·kᵀ) the vec4 loads are given too, for the direct
// template's vec4 path (used where the autotuner picks it and K % 4 = 0).

import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { gemmKernel } from "../templates/gemm.js";
import { matmulGeometry } from "./op.js";

export const lower: Lowering = (ctx) => {
  // On full shapes the batch is one more leading axis: a and b are both batched.
  const { M, N, K, transposeA, transposeB } = matmulGeometry(ctx.inputs[0]!, ctx.inputs[1]!, ctx.attrs);
  const G = elementCount(ctx.out) / (M * N);
  const k = newKernel();
  const a = k.input(0);
  const b = k.input(1);
  const out = k.output();
  const vec4 = !transposeA && transposeB;
  return gemmKernel(k, ctx, {
    M,
    N,
    K,
    G,
    loadA: transposeA ? wgsl`  return ${a.at(`(g * ${K}u + k) * ${M}u + m`)};` : wgsl`  return ${a.at(`(g * ${M}u + m) * ${K}u + k`)};`,
    aFast: transposeA ? "m" : "k",
    loadB: transposeB ? wgsl`  return ${b.at(`(g * ${N}u + n) * ${K}u + k`)};` : wgsl`  return ${b.at(`(g * ${K}u + k) * ${N}u + n`)};`,
    bFast: transposeB ? "k" : "n",
    ...(vec4
      ? {
          loadA4: wgsl`  let at = (g * ${M}u + m) * ${K}u + 4u * k4;
  return vec4f(${a.at("at")}, ${a.at("at + 1u")}, ${a.at("at + 2u")}, ${a.at("at + 3u")});`,
          loadB4: wgsl`  let at = (g * ${N}u + n) * ${K}u + 4u * k4;
  return vec4f(${b.at("at")}, ${b.at("at + 1u")}, ${b.at("at + 2u")}, ${b.at("at + 3u")});`,
        }
      : {}),
    storeC: wgsl`  ${out.set(`(g * ${M}u + m) * ${N}u + n`, "v")}`,
  }).build();
};
