// layernorm_grad_input: one invocation per row of D. It recomputes the
// row's mean and biased variance (templates/row_stats.ts), sums g = dy·γ and
// g·x̂ over the row, then writes dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)).
import { boolAttr, numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { rowsOf, rowStats } from "../templates/row_stats.js";

export const lower: Lowering = (ctx) => {
  const { d, rows } = rowsOf(ctx.inputs[0]!);
  const k = newKernel();
  const [x, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const weight = boolAttr(ctx.attrs, "affine") ? k.param("weight") : undefined;
  const out = k.output();
  const gj = weight ? wgsl`${dy.at("at")} * ${weight.at("j")}` : dy.at("at");
  k.dispatch = dispatchFor(rows, ctx);
  k.body = wgsl`${perItem(rows, k.dispatch)}
  let base = i * ${d}u;
  ${rowStats(x, d, numAttr(ctx.attrs, "eps"))}
  var sg = 0.0;
  var sgx = 0.0;
  for (var j = 0u; j < ${d}u; j++) {
    let at = base + j;
    let gv = ${gj};
    sg += gv;
    sgx += gv * ((${x.at("at")} - mu) * inv_sigma);
  }
  let mean_g = sg / ${d}.0;
  let mean_gx = sgx / ${d}.0;
  for (var j = 0u; j < ${d}u; j++) {
    let at = base + j;
    let gv = ${gj};
    ${out.set("at", wgsl`inv_sigma * (gv - mean_g - (${x.at("at")} - mu) * inv_sigma * mean_gx)`)}
  }
}`;
  return k.build();
};
