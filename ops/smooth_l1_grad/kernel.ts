// smooth_l1_grad: weight·(|d| < β ? d/β : sign d)/(N·E), d = x − t.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const beta = numAttr(ctx.attrs, "beta");
  const n = elementCount(ctx.out);
  const scale = numAttr(ctx.attrs, "weight") / n;
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let d = in0[i] - in1[i];
  out[i] = ${f32(scale)} * select(sign(d), d / ${f32(beta)}, abs(d) < ${f32(beta)});
}`;
  return { code, dispatch, paramRoles: [] };
};
