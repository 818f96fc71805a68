// split_sum: out[i] = Σ_s in0[s·size + i], s = 0 … S−1 in order (the
// reference's order), one invocation per element of the result. Unbatched.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const S = ctx.inputs[0]![0]!;
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  var acc = 0.0;
  for (var s = 0u; s < ${S}u; s++) {
    acc += in0[s * ${n}u + i];
  }
  out[i] = acc;
}`;
  return { code, dispatch, paramRoles: [] };
};
