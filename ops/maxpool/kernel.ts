// maxpool: y[n, c, i, j] = max over the taps x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
// that lie inside the input (padding is −∞ and never wins). One invocation
// per output element; the output size (ceil mode included) is ctx.out.
import type { Lowering } from "../lowering.js";
import { wgsl } from "../../core/kernel/index.js";
import { perOutputPixel, windowArgmax } from "../templates/pool.js";

export const lower: Lowering = (ctx) =>
  perOutputPixel(
    ctx,
    (x, out, { h, w }) => wgsl`${windowArgmax(ctx.attrs, h, w, x)}
  // A window with no input tap (impossible under PyTorch's padding rule) is
  // −∞; a runtime bitcast, since a constant infinity does not validate.
  var ninf = 0xff800000u;
  ${out.set("i", "select(bitcast<f32>(ninf), best, arg >= 0)")}`,
  );
