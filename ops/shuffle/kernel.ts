// shuffle: channel shuffle of channel axis 1 of [N, C, …] with g groups:
// y[n, o, …] = x[n, (o mod g)·(C/g) + ⌊o/g⌋, …], one invocation per element.
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const g = intAttr(ctx.attrs, "groups");
  const c = x[1]!;
  const inner = elementCount(x.slice(2));
  return perElementKernel<[Binding]>(
    ctx,
    ([xs], out) => wgsl`let q = i % ${inner}u;
  let o = (i / ${inner}u) % ${c}u;
  let b = i / ${c * inner}u;
  let src = (o % ${g}u) * ${c / g}u + o / ${g}u;
  ${out.set("i", xs.at(`(b * ${c}u + src) * ${inner}u + q`))}`,
  );
};
