// mse_grad: weight·2(x − t)/(N·E), elementwise.
import { numAttr } from "../../ops/contract.js";
import type { Lowering } from "../contract.js";
import { elementCount } from "../../ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../wgsl.js";

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
