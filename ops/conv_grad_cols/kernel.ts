// conv_grad_cols (the first half of a column data gradient, passes/
// cols_grad.ts) as one GEMM per group:
//
//   M = in/groups · kh·kw (rows: input map c, tap r), N = batch·OH·OW, K = out/groups,
//   cols[b, c, r, p] = Σ_o W[o, c, r] · dy[b, o, p]
//
// A is the forward weight [out, in/groups, kh, kw] read transposed: its row
// for output map o is exactly the M values of one k, so A[m, k] is
// W[g·Og + k][m]. B is dy, read in place. With a connection table (one
// group) A reads W through the link lookup, 0 where o does not read c.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { intAttr } from "../contract.js";
import { dims4, linkTable } from "../templates/conv_common.js";
import { gemmKernel } from "../templates/gemm.js";

export const lower: Lowering = (ctx) => {
  const [, O, OH, OW] = dims4(ctx.inputs[0]!, "dy");
  const [B, C, taps, OH2, OW2] = ctx.out as [number, number, number, number, number];
  if (OH2 !== OH || OW2 !== OW) throw new Error(`internal: columns [${ctx.out.join(", ")}] do not match dy [${ctx.inputs[0]!.join(", ")}]`);
  const links = linkTable(ctx.attrs, C, O);
  const G = links ? 1 : intAttr(ctx.attrs, "groups");
  const Cg = C / G;
  const Og = O / G;
  const P = OH * OW;
  const k = newKernel();
  const dy = k.input(0);
  const weight = k.param("weight");
  const out = k.output();
  return gemmKernel(k, ctx, {
    M: Cg * taps,
    N: B * P,
    K: Og,
    G,
    uses: links ? [links] : [],
    loadA: links
      ? wgsl`  let l = LINK[k * ${C}u + m / ${taps}u];
  if (l < 0) { return 0.0; }
  return ${weight.at(`u32(l) * ${taps}u + m % ${taps}u`)};`
      : wgsl`  return ${weight.at(`(g * ${Og}u + k) * ${Cg * taps}u + m`)};`,
    loadB: wgsl`  return ${dy.at(`((n / ${P}u) * ${O}u + g * ${Og}u + k) * ${P}u + n % ${P}u`)};`,
    storeC: wgsl`  ${out.set(`((n / ${P}u) * ${C * taps}u + g * ${Cg * taps}u + m) * ${P}u + n % ${P}u`, "v")}`,
  }).build();
};
