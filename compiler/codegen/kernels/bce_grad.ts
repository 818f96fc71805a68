// bce_grad: weight·(σ(x) − t)/(N·E), σ computed without overflow.
import { numAttr } from "../../ops/contract.js";
import type { Lowering } from "../contract.js";
import { elementCount } from "../../ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../wgsl.js";
import { SIGMOID } from "./elementwise_common.js";

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
