// stop_gradient: a copy (the gradient rule, not the kernel, stops the flow).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  return { code: `${bindings(ctx, [])}\n${perItem(n, dispatch)}\n  out[i] = in0[i];\n}`, dispatch, paramRoles: [] };
};
