// add: the elementwise sum of any number of same-shape operands (residuals,
// and the sums autodiff makes where gradients meet).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const sum = ctx.inputs.map((_, k) => `in${k}[i]`).join(" + ");
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  out[i] = ${sum};
}`;
  return { code, dispatch, paramRoles: [] };
};
