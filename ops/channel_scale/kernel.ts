// channel_scale: dx = dy·w[c] over channel axis 1 of [N, C, …] (the input
// gradient of scale). One invocation per element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const c = ctx.out[1]!;
  const inner = elementCount(ctx.out.slice(2));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, ["weight"])}
${perItem(n, dispatch)}
  out[i] = in0[i] * p_weight[(i / ${inner}u) % ${c}u];
}`;
  return { code, dispatch, paramRoles: ["weight"] };
};
