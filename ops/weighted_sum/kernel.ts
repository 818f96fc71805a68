// weighted_sum: Σ w_i·l_i over unbatched scalar losses (the training total).
// A single invocation.
import type { Lowering } from "../lowering.js";
import { LoweringError } from "../lowering.js";
import { bindings, f32 } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const v = ctx.attrs.weights;
  if (!Array.isArray(v) || v.length !== ctx.inputs.length) throw new LoweringError(`weighted_sum (node '${ctx.node.name}') needs one weight per input`);
  const terms = ctx.inputs.map((_, k) => `${f32(Number(v[k]))} * in${k}[0]`);
  const code = `${bindings(ctx, [])}
@compute @workgroup_size(1)
fn main() {
  out[0] = ${terms.join(" + ") || "0.0"};
}`;
  return { code, dispatch: [1, 1, 1], paramRoles: [] };
};
