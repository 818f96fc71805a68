// The window sum of local response normalisation, shared by lrn's kernel and
// lrn_grad's (which recomputes the forward denominator).

import type { Attrs } from "../../core/ir/graph.js";
import { f32, kernelFn, wgsl, type Binding, type KernelFunction } from "../../core/kernel/index.js";
import { intAttr, numAttr } from "../contract.js";

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
