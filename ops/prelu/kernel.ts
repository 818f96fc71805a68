// prelu: y = x > 0 ? x : a·x with one learned slope a = w[0], or per channel
// a = w[c] for channel axis 1 of [N, C, …].
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const n = elementCount(ctx.out);
  const c = x.length > 1 ? x[1]! : 1;
  const inner = n / Math.max(1, x[0]! * c);
  const slope = boolAttr(ctx.attrs, "per_channel") ? `p_weight[(i / ${inner}u) % ${c}u]` : "p_weight[0]";
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, ["weight"])}
${perItem(n, dispatch)}
  let v = in0[i];
  out[i] = select(${slope} * v, v, v > 0.0);
}`;
  return { code, dispatch, paramRoles: ["weight"] };
};
