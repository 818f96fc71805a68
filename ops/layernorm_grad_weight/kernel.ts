// layernorm_grad_weight (unbatched [D]): Σ dy·x̂ per feature over the N·T
// rows. One workgroup per feature g (templates/reduce.ts): each thread
// takes a strided slice of the rows, recomputes each row's statistics
// (templates/row_stats.ts) and sums dy·x̂ at feature g; the workgroup folds
// the partial sums in workgroup memory.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { groupDispatch, perGroup, RWG, WG_SUM } from "../templates/reduce.js";
import { rowsOf, rowStats } from "../templates/row_stats.js";

export const lower: Lowering = (ctx) => {
  const { d, rows } = rowsOf(ctx.inputs[0]!);
  const k = newKernel();
  const [x, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = groupDispatch(d, ctx);
  k.use(WG_SUM);
  k.body = wgsl`${perGroup(d, k.dispatch)}
  var acc = 0.0;
  for (var r = lid; r < ${rows}u; r += ${RWG}u) {
    let base = r * ${d}u;
    ${rowStats(x, d, numAttr(ctx.attrs, "eps"))}
    let at = base + g;
    acc += ${dy.at("at")} * ((${x.at("at")} - mu) * inv_sigma);
  }
  let total = wg_sum(lid, acc);
  if (lid == 0u) { ${out.set("g", "total")} }
}`;
  return k.build();
};
