// elu: y = x > 0 ? x : α·(eˣ − 1), with eˣ − 1 computed without cancellation
// near 0 (the reference uses expm1).
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";
import { EXPM1 } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${EXPM1}
${perItem(n, dispatch)}
  let v = in0[i];
  if (v > 0.0) { out[i] = v; } else { out[i] = ${f32(numAttr(ctx.attrs, "alpha"))} * expm1_(v); }
}`;
  return { code, dispatch, paramRoles: [] };
};
