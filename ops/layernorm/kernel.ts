// layernorm over the last axis of [N, …, D]: one invocation per row (N·T
// rows of D), which computes the row's mean and biased variance serially
// (two passes, templates/row_stats.ts) and writes
// y = (x − μ)·(1/√(σ² + eps))·γ + β for the row.
import { boolAttr, numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { rowsOf, rowStats } from "../templates/row_stats.js";

export const lower: Lowering = (ctx) => {
  const { d, rows } = rowsOf(ctx.inputs[0]!);
  const affine = boolAttr(ctx.attrs, "affine");
  const k = newKernel();
  const [x] = declareInputs(k, ctx) as [Binding];
  const weight = affine ? k.param("weight") : undefined;
  const bias = affine ? k.param("bias") : undefined;
  const out = k.output();
  const gamma = weight ? weight.at("j") : "1.0";
  const beta = bias ? bias.at("j") : "0.0";
  k.dispatch = dispatchFor(rows, ctx);
  k.body = wgsl`${perItem(rows, k.dispatch)}
  let base = i * ${d}u;
  ${rowStats(x, d, numAttr(ctx.attrs, "eps"))}
  for (var j = 0u; j < ${d}u; j++) { let at = base + j; ${out.set("at", wgsl`(${x.at("at")} - mu) * inv_sigma * ${gamma} + ${beta}`)} }
}`;
  return k.build();
};
