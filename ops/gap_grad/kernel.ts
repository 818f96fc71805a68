// gap_grad: dx[n, c, i, j] = dy[n, c] / (H·W). One invocation per element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.out.slice(2));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  out[i] = in0[i / ${hw}u] / ${hw}.0;
}`;
  return { code, dispatch, paramRoles: [] };
};
