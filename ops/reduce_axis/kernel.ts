// reduce_axis (unbatched [dy.shape[axis]]): the sum of dy over the batch and
// every per-sample axis but `axis`. One workgroup per output entry o: with
// dy viewed as [outer, size, stride], its threads stride over the
// outer·stride elements of slice o, and the workgroup folds the partial sums
// in workgroup memory. Short sums (a bias gradient over a small batch) are
// one invocation per entry, summing serially.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { LoweringError } from "../lowering.js";
import { groupDispatch, perGroup, RWG, SERIAL_MAX, wgSum } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const dy = ctx.inputs[0]!;
  const rank = dy.length - 1;
  let axis = intAttr(ctx.attrs, "axis");
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) throw new LoweringError(`reduce_axis: axis ${intAttr(ctx.attrs, "axis")} is out of range for dy of rank ${rank}`);
  const size = dy[axis + 1]!;
  const stride = elementCount(dy.slice(axis + 2));
  const count = elementCount(dy) / Math.max(1, size);
  const at = (m: string, g: string) => `in0[((${m} / ${stride}u) * ${size}u + ${g}) * ${stride}u + ${m} % ${stride}u]`;
  if (count <= SERIAL_MAX) {
    const dispatch = dispatchFor(size, ctx);
    const code = `${bindings(ctx, [])}
${perItem(size, dispatch)}
  var s = 0.0;
  for (var m = 0u; m < ${count}u; m++) { s += ${at("m", "i")}; }
  out[i] = s;
}`;
    return { code, dispatch, paramRoles: [] };
  }
  const dispatch = groupDispatch(size, ctx);
  const code = `${bindings(ctx, [])}
${wgSum}
${perGroup(size, dispatch)}
  var s = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { s += ${at("m", "g")}; }
  let total = wg_sum(lid, s);
  if (lid == 0u) { out[g] = total; }
}`;
  return { code, dispatch, paramRoles: [] };
};
