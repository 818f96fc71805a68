// lrn across channels: y_c = x_c / (k + α/n·Σ_{c'} x_{c'}²)^β, c' from
// c − ⌊n/2⌋ to c + ⌊(n−1)/2⌋ clipped to the channels. One invocation per
// element.
import { intAttr, numAttr } from "../contract.js";
import { elementCount, type Attrs } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

/** WGSL function `lrn_d(b, ch, q)`: k + α/n·Σ x² over the window of channel ch at pixel q of sample b. */
export function lrnDenominator(attrs: Attrs, c: number, hw: number): string {
  const size = intAttr(attrs, "size");
  const lo = Math.floor(size / 2);
  const hi = Math.floor((size - 1) / 2);
  return `fn lrn_d(b: u32, ch: i32, q: u32) -> f32 {
  var sq = 0.0;
  for (var j = max(ch - ${lo}, 0); j <= min(ch + ${hi}, ${c - 1}); j++) {
    let v = in0[(b * ${c}u + u32(j)) * ${hw}u + q];
    sq += v * v;
  }
  return ${f32(numAttr(attrs, "k"))} + ${f32(numAttr(attrs, "alpha") / size)} * sq;
}`;
}

export const lower: Lowering = (ctx) => {
  const [, c] = ctx.out as [number, number];
  const hw = elementCount(ctx.out.slice(2));
  const n = elementCount(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${lrnDenominator(ctx.attrs, c, hw)}
${perItem(n, dispatch)}
  let q = i % ${hw}u;
  let ch = i32((i / ${hw}u) % ${c}u);
  let b = i / ${c * hw}u;
  out[i] = in0[i] / pow(lrn_d(b, ch, q), ${f32(numAttr(ctx.attrs, "beta"))});
}`;
  return { code, dispatch, paramRoles: [] };
};
