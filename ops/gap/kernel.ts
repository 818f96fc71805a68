// gap: y[n, c] = (1/(H·W))·Σ x[n, c, ·, ·]. One invocation per output (the
// maps it sees are small: the last feature map of a network).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.inputs[0]!.slice(2));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  var sum = 0.0;
  for (var q = 0u; q < ${hw}u; q++) { sum += in0[i * ${hw}u + q]; }
  out[i] = sum / ${hw}.0;
}`;
  return { code, dispatch, paramRoles: [] };
};
