// sigmoid: y = 1/(1 + e^(−x)), as eˣ/(1 + eˣ) for x < 0 (no overflow).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";
import { SIGMOID } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${SIGMOID}
${perItem(n, dispatch)}
  out[i] = sigmoid_(in0[i]);
}`;
  return { code, dispatch, paramRoles: [] };
};
