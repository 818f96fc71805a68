// gmp_grad: dy[n, c] at the first maximum of channel (n, c) (scan order),
// zero elsewhere. One invocation per (n, c) plane: it finds the argmax and
// writes the whole plane, so no two invocations write one element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.out.slice(2));
  const planes = elementCount(ctx.out.slice(0, 2));
  const dispatch = dispatchFor(planes, ctx);
  const code = `${bindings(ctx, [])}
${perItem(planes, dispatch)}
  let base = i * ${hw}u;
  var arg = 0u;
  var best = in0[base];
  for (var q = 1u; q < ${hw}u; q++) {
    let v = in0[base + q];
    if (v > best) { best = v; arg = q; }
  }
  let g = in1[i];
  for (var q = 0u; q < ${hw}u; q++) { out[base + q] = select(0.0, g, q == arg); }
}`;
  return { code, dispatch, paramRoles: [] };
};
