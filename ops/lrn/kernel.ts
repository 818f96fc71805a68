// lrn across channels: y_c = x_c / (k + α/n·Σ_{c'} x_{c'}²)^β, c' from
// c − ⌊n/2⌋ to c + ⌊(n−1)/2⌋ clipped to the channels. One invocation per
// element.
import { numAttr } from "../contract.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { f32, wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { lrnDenominator } from "../templates/lrn.js";

export const lower: Lowering = (ctx) => {
  const [, c] = ctx.out as [number, number];
  const hw = elementCount(ctx.out.slice(2));
  return perElementKernel<[Binding]>(ctx, ([x], out, k) => {
    k.use(lrnDenominator(ctx.attrs, c, hw, x));
    return wgsl`let q = i % ${hw}u;
  let ch = i32((i / ${hw}u) % ${c}u);
  let b = i / ${c * hw}u;
  ${out.set("i", wgsl`${x.at("i")} / pow(lrn_d(b, ch, q), ${f32(numAttr(ctx.attrs, "beta"))})`)}`;
  });
};
