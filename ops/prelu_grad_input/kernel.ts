// prelu_grad_input: dx = dy·(x > 0 ? 1 : a), a = w[0] or per channel w[c]
// (channel axis 1 of [N, C, …]).
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const n = elementCount(ctx.out);
  const perChannel = boolAttr(ctx.attrs, "per_channel");
  const c = perChannel ? x[1]! : 1;
  const inner = perChannel ? elementCount(x.slice(2)) : 1;
  const slope = perChannel ? `p_weight[(i / ${inner}u) % ${c}u]` : "p_weight[0]";
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, ["weight"])}
${perItem(n, dispatch)}
  let g = in1[i];
  out[i] = select(g * ${slope}, g, in0[i] > 0.0);
}`;
  return { code, dispatch, paramRoles: ["weight"] };
};
