// lrn_grad: with D_c = k + α/n·Σ_{W(c)} x², W(c) = c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋,
//   dx_j = dy_j·D_j^(−β) − (2αβ/n)·x_j·Σ_{c: j ∈ W(c)} dy_c·x_c·D_c^(−β−1),
// the channels c with j ∈ W(c) being j − ⌊(n−1)/2⌋ … j + ⌊n/2⌋. One
// invocation per element; D is recomputed for each c (n² taps).
import { intAttr, numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { lrnDenominator } from "../templates/lrn.js";

export const lower: Lowering = (ctx) => {
  const [, c] = ctx.out as [number, number];
  const hw = elementCount(ctx.out.slice(2));
  const size = intAttr(ctx.attrs, "size");
  const alpha = numAttr(ctx.attrs, "alpha");
  const beta = numAttr(ctx.attrs, "beta");
  const lo = Math.floor(size / 2);
  const hi = Math.floor((size - 1) / 2);
  return perElementKernel<[Binding, Binding]>(ctx, ([x, dy], out, k) => {
    k.use(lrnDenominator(ctx.attrs, c, hw, x));
    return wgsl`let q = i % ${hw}u;
  let j = i32((i / ${hw}u) % ${c}u);
  let b = i / ${c * hw}u;
  var t = 0.0;
  for (var ch = max(j - ${hi}, 0); ch <= min(j + ${lo}, ${c - 1}); ch++) {
    let at = (b * ${c}u + u32(ch)) * ${hw}u + q;
    t += ${dy.at("at")} * ${x.at("at")} * pow(lrn_d(b, ch, q), ${f32(-beta - 1)});
  }
  ${out.set("i", wgsl`${dy.at("i")} * pow(lrn_d(b, j, q), ${f32(-beta)}) - ${f32((2 * alpha * beta) / size)} * ${x.at("i")} * t`)}`;
  });
};
