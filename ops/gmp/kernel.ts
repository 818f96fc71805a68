// gmp: y[n, c] = max x[n, c, ·, ·]. One invocation per output.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.inputs[0]!.slice(2));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  var m = in0[i * ${hw}u];
  for (var q = 1u; q < ${hw}u; q++) { m = max(m, in0[i * ${hw}u + q]); }
  out[i] = m;
}`;
  return { code, dispatch, paramRoles: [] };
};
