// lrn across channels: y_c = x_c / (k + α/n·Σ_{c'} x_{c'}²)^β, c' from
// c − ⌊n/2⌋ to c + ⌊(n−1)/2⌋ clipped to the channels. One invocation per
// element.
import { intAttr, numAttr } from "../contract.js";
import { elementCount, type Attrs } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { f32, kernelFn, newKernel, wgsl, type Binding, type KernelFunction } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

/** WGSL function `lrn_d(b, ch, q)`: k + α/n·Σ x² over the window of channel ch at pixel q of sample b of `x`. */
export function lrnDenominator(attrs: Attrs, c: number, hw: number, x: Binding): KernelFunction {
  const size = intAttr(attrs, "size");
  const lo = Math.floor(size / 2);
  const hi = Math.floor((size - 1) / 2);
  return kernelFn(
    "lrn_d",
    wgsl`fn lrn_d(b: u32, ch: i32, q: u32) -> f32 {
  var sq = 0.0;
  for (var j = max(ch - ${lo}, 0); j <= min(ch + ${hi}, ${c - 1}); j++) {
    let v = ${x.at(`(b * ${c}u + u32(j)) * ${hw}u + q`)};
    sq += v * v;
  }
  return ${f32(numAttr(attrs, "k"))} + ${f32(numAttr(attrs, "alpha") / size)} * sq;
}`,
  );
}

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
