// bce_grad: weight·(σ(x) − t)/(N·E), σ computed without overflow.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";
import { SIGMOID } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const scale = numAttr(ctx.attrs, "weight") / n;
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${SIGMOID}
${perItem(n, dispatch)}
  out[i] = ${f32(scale)} * (sigmoid_(in0[i]) - in1[i]);
}`;
  return { code, dispatch, paramRoles: [] };
};
