// slice: keeps indices start … end−1 of per-sample axis `axis` (tensor axis
// axis + 1): y[…, k, …] = x[…, start + k, …], one invocation per element.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const start = intAttr(ctx.attrs, "start");
  const keep = intAttr(ctx.attrs, "end") - start;
  const len = x[axis]!;
  const inner = elementCount(x.slice(axis + 1));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let q = i % ${inner}u;
  let k = (i / ${inner}u) % ${keep}u;
  let o = i / ${keep * inner}u;
  out[i] = in0[(o * ${len}u + ${start}u + k) * ${inner}u + q];
}`;
  return { code, dispatch, paramRoles: [] };
};
