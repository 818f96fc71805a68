// lrn across channels: y_c = x_c / (k + α/n·Σ_{c'} x_{c'}²)^β, c' from
// c − ⌊n/2⌋ to c + ⌊(n−1)/2⌋ clipped to the channels. One invocation per
// element.
import { numAttr } from "../contract.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { lrnDenominator } from "../templates/lrn.js";

export const lower: Lowering = (ctx) => {
  const [, c] = ctx.out as [number, number];
  const hw = elementCount(ctx.out.slice(2));
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [x] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.use(lrnDenominator(ctx.attrs, c, hw, x));
  k.body = wgsl`${perItem(n, k.dispatch)}
  let q = i % ${hw}u;
  let ch = i32((i / ${hw}u) % ${c}u);
  let b = i / ${c * hw}u;
  ${out.set("i", wgsl`${x.at("i")} / pow(lrn_d(b, ch, q), ${f32(numAttr(ctx.attrs, "beta"))})`)}
}`;
  return k.build();
};
