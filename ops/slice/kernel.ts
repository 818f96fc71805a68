// slice: keeps indices start … end−1 of per-sample axis `axis` (tensor axis
// axis + 1): y[…, k, …] = x[…, start + k, …], one invocation per element.
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const start = intAttr(ctx.attrs, "start");
  const keep = intAttr(ctx.attrs, "end") - start;
  const len = x[axis]!;
  const inner = elementCount(x.slice(axis + 1));
  return perElementKernel<[Binding]>(
    ctx,
    ([xs], out) => wgsl`let q = i % ${inner}u;
  let k = (i / ${inner}u) % ${keep}u;
  let o = i / ${keep * inner}u;
  ${out.set("i", xs.at(`(o * ${len}u + ${start}u + k) * ${inner}u + q`))}`,
  );
};
