// leaky_relu: y = x > 0 ? x : α·x, one invocation per element.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let v = in0[i];
  out[i] = select(${f32(numAttr(ctx.attrs, "alpha"))} * v, v, v > 0.0);
}`;
  return { code, dispatch, paramRoles: [] };
};
