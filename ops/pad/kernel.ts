// pad: one invocation per output element y[c, oh, ow], reading
// x[c, src(oh), src(ow)] (ops/templates/pad.ts), or storing 0 where zeros
// padding reads outside the input.
import { wgsl, type Binding } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";
import { padSourceWgsl } from "../templates/pad.js";
import { padMode, padsOf } from "../shared/pad.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.inputs[0]!;
  const [, , oh, ow] = ctx.out;
  const [t, , l] = padsOf(ctx.attrs);
  const mode = padMode(ctx.attrs);
  return perElementKernel<[Binding]>(ctx, ([x], out) => {
    const at = x.at(`(c * ${h}u + u32(sh)) * ${w}u + u32(sw)`);
    const store = mode === "zeros" ? wgsl`if (sh >= 0 && sh < ${h} && sw >= 0 && sw < ${w}) {
    ${out.set("i", at)}
  } else {
    ${out.set("i", "0.0")}
  }` : out.set("i", at);
    return wgsl`let cw = i32(i % ${ow}u);
  let chh = i32((i / ${ow}u) % ${oh}u);
  let c = i / ${oh! * ow!}u;
  let sh = ${padSourceWgsl(mode, "chh", h!, t)};
  let sw = ${padSourceWgsl(mode, "cw", w!, l)};
  ${store}`;
  });
};
