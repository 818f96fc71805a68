// unary_grad: the input gradient of an elementwise activation from v (x for
// relu, leaky_relu and elu; y for sigmoid and tanh) and dy, elementwise.
import { stringAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { LoweringError } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const fn = stringAttr(ctx.attrs, "fn");
  const alpha = (): string => {
    if (typeof ctx.attrs.alpha !== "number") throw new LoweringError(`unary_grad '${fn}' (node '${ctx.node.name}') needs alpha`);
    return f32(ctx.attrs.alpha);
  };
  let expr: string;
  switch (fn) {
    case "relu":
      expr = "select(0.0, g, t > 0.0)";
      break;
    case "leaky_relu":
      expr = `select(g * ${alpha()}, g, t > 0.0)`;
      break;
    case "elu":
      expr = `select(g * ${alpha()} * exp(t), g, t > 0.0)`;
      break;
    case "sigmoid":
      expr = "g * t * (1.0 - t)";
      break;
    case "tanh":
      expr = "g * (1.0 - t * t)";
      break;
    default:
      throw new LoweringError(`unary_grad has no rule for '${fn}' (node '${ctx.node.name}')`);
  }
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let t = in0[i];
  let g = in1[i];
  out[i] = ${expr};
}`;
  return { code, dispatch, paramRoles: [] };
};
