// relu: one invocation per element, y = max(x, 0).
import type { Lowering } from "../contract.js";
import { bindings, dispatchFor, perItem, product } from "../wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = product(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  out[i] = max(in0[i], 0.0);
}`;
  return { code, dispatch, paramRoles: [] };
};
