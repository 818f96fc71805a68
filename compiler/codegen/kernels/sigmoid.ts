// sigmoid: y = 1/(1 + e^(−x)), as eˣ/(1 + eˣ) for x < 0 (no overflow).
import type { Lowering } from "../contract.js";
import { elementCount } from "../../ir/graph.js";
import { bindings, dispatchFor, perItem } from "../wgsl.js";
import { SIGMOID } from "./elementwise_common.js";

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
