// mse_grad: weight·2(x − t)/(N·E), elementwise.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const scale = (numAttr(ctx.attrs, "weight") * 2) / n;
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  out[i] = ${f32(scale)} * (in0[i] - in1[i]);
}`;
  return { code, dispatch, paramRoles: [] };
};
