// tanh: WGSL's tanh, on an input clamped to ±15 (where tanh is ±1 in f32),
// so an implementation through e^(2x) never sees inf/inf.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  out[i] = tanh(clamp(in0[i], -15.0, 15.0));
}`;
  return { code, dispatch, paramRoles: [] };
};
