// slice: keeps indices start … end−1 of per-sample axis `axis` (tensor axis
// axis + 1): y[…, k, …] = x[…, start + k, …], one invocation per element.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const start = intAttr(ctx.attrs, "start");
  const keep = intAttr(ctx.attrs, "end") - start;
  const len = x[axis]!;
  const inner = elementCount(x.slice(axis + 1));
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [xs] = declareInputs(k, ctx);
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let q = i % ${inner}u;
  let k = (i / ${inner}u) % ${keep}u;
  let o = i / ${keep * inner}u;
  ${out.set("i", xs!.at(`(o * ${len}u + ${start}u + k) * ${inner}u + q`))}
}`;
  return k.build();
};
