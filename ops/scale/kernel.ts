// scale: y = w[c]·x + b[c] over channel axis 1 of [N, C, …]. One invocation
// per element.
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const c = ctx.out[1]!;
  const inner = elementCount(ctx.out.slice(2));
  const bias = boolAttr(ctx.attrs, "bias");
  const roles = bias ? ["weight", "bias"] : ["weight"];
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, roles)}
${perItem(n, dispatch)}
  let g = (i / ${inner}u) % ${c}u;
  out[i] = p_weight[g] * in0[i]${bias ? " + p_bias[g]" : ""};
}`;
  return { code, dispatch, paramRoles: roles };
};
