// maxpool_grad, as a gather: dx at input pixel (iy, ix) sums dy over the
// windows that cover it and whose first maximum (scan order, padding never
// wins) is that pixel. One invocation per input element; each covering
// window's argmax is recomputed, kh·kw windows × kh·kw taps.
import type { Lowering } from "../contract.js";
import { bindings, dispatchFor, perItem, product } from "../wgsl.js";
import { poolAttrs, windowArgmax } from "./maxpool.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.inputs[0]! as [number, number, number, number];
  const [, , oh, ow] = ctx.inputs[1]! as [number, number, number, number];
  const { k, s, p, d } = poolAttrs(ctx.attrs);
  const n = product(ctx.out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let plane = i / ${h * w}u;
  let me = i32(i % ${h * w}u);
  let py = me / ${w};
  let px = me % ${w};
  let base = plane * ${h * w}u;
  var acc = 0.0;
  for (var cy = 0; cy < ${k[0]}; cy++) {
    let ty = py + ${p[0]} - cy * ${d[0]};
    if (ty < 0 || ty % ${s[0]} != 0 || ty / ${s[0]} >= ${oh}) { continue; }
    let oy = u32(ty / ${s[0]});
    for (var cx = 0; cx < ${k[1]}; cx++) {
      let tx = px + ${p[1]} - cx * ${d[1]};
      if (tx < 0 || tx % ${s[1]} != 0 || tx / ${s[1]} >= ${ow}) { continue; }
      let ox = u32(tx / ${s[1]});
      ${windowArgmax(ctx.attrs, h, w, "in0")}
      if (arg == me) { acc += in1[(plane * ${oh}u + oy) * ${ow}u + ox]; }
    }
  }
  out[i] = acc;
}`;
  return { code, dispatch, paramRoles: [] };
};
