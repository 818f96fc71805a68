// reduce_axis (unbatched [dy.shape[axis]]): the sum of dy over the batch and
// every per-sample axis but `axis`. One workgroup per output entry o: with
// dy viewed as [outer, size, stride], its threads stride over the
// outer·stride elements of slice o, and the workgroup folds the partial sums
// in workgroup memory. Short sums (a bias gradient over a small batch) are
// one invocation per entry, summing serially.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { LoweringError } from "../lowering.js";
import { groupDispatch, perGroup, RWG, SERIAL_MAX, WG_SUM } from "../templates/reduce.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding, type Load } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const dys = ctx.inputs[0]!;
  const rank = dys.length - 1;
  let axis = intAttr(ctx.attrs, "axis");
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) throw new LoweringError(`reduce_axis: axis ${intAttr(ctx.attrs, "axis")} is out of range for dy of rank ${rank}`);
  const size = dys[axis + 1]!;
  const stride = elementCount(dys.slice(axis + 2));
  const count = elementCount(dys) / Math.max(1, size);
  const k = newKernel();
  const [dy] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  const at = (m: string, g: string): Load => dy.at(`((${m} / ${stride}u) * ${size}u + ${g}) * ${stride}u + ${m} % ${stride}u`);
  if (count <= SERIAL_MAX) {
    k.dispatch = dispatchFor(size, ctx);
    k.body = wgsl`${perItem(size, k.dispatch)}
  var s = 0.0;
  for (var m = 0u; m < ${count}u; m++) { s += ${at("m", "i")}; }
  ${out.set("i", "s")}
}`;
    return k.build();
  }
  k.dispatch = groupDispatch(size, ctx);
  k.use(WG_SUM);
  k.body = wgsl`${perGroup(size, k.dispatch)}
  var s = 0.0;
  for (var m = lid; m < ${count}u; m += ${RWG}u) { s += ${at("m", "g")}; }
  let total = wg_sum(lid, s);
  if (lid == 0u) { ${out.set("g", "total")} }
}`;
  return k.build();
};
