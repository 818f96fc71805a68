// shuffle: channel shuffle of channel axis 1 of [N, C, …] with g groups:
// y[n, o, …] = x[n, (o mod g)·(C/g) + ⌊o/g⌋, …], one invocation per element.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const g = intAttr(ctx.attrs, "groups");
  const c = x[1]!;
  const inner = elementCount(x.slice(2));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let q = i % ${inner}u;
  let o = (i / ${inner}u) % ${c}u;
  let b = i / ${c * inner}u;
  let src = (o % ${g}u) * ${c / g}u + o / ${g}u;
  out[i] = in0[(b * ${c}u + src) * ${inner}u + q];
}`;
  return { code, dispatch, paramRoles: [] };
};
