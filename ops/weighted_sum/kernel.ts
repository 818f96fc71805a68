// weighted_sum: Σ w_i·l_i over unbatched scalar losses (the training total).
// A single invocation.
import type { Lowering } from "../lowering.js";
import { LoweringError } from "../lowering.js";
import { f32, join, newKernel, wgsl } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const v = ctx.attrs.weights;
  if (!Array.isArray(v) || v.length !== ctx.inputs.length) throw new LoweringError(`weighted_sum (node '${ctx.node.name}') needs one weight per input`);
  const k = newKernel();
  const losses = declareInputs(k, ctx);
  const out = k.output();
  const terms = losses.map((l, j) => wgsl`${f32(Number(v[j]))} * ${l.at("0")}`);
  k.dispatch = [1, 1, 1];
  k.body = wgsl`@compute @workgroup_size(1)
fn main() {
  ${out.set("0", terms.length ? join(terms, " + ") : "0.0")}
}`;
  return k.build();
};
