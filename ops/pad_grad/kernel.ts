// pad_grad as a gather: one invocation per dx[c, h, w], summing dy over
// the output pixels that read it, the candidates of each axis from
// ops/templates/pad.ts (−1 where a candidate does not exist).
import { wgsl, type Binding } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";
import { padCandidatesWgsl } from "../templates/pad.js";
import { padMode, padsOf } from "../shared/pad.js";

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.out;
  const [, , oh, ow] = ctx.inputs[0]!;
  const [t, b, l, r] = padsOf(ctx.attrs);
  const mode = padMode(ctx.attrs);
  const rows = padCandidatesWgsl(mode, "xh", "ka", h!, t, b);
  const cols = padCandidatesWgsl(mode, "xw", "kb", w!, l, r);
  return perElementKernel<[Binding]>(
    ctx,
    ([dy], out) => wgsl`let xw = i32(i % ${w}u);
  let xh = i32((i / ${w}u) % ${h}u);
  let c = i / ${h! * w!}u;
  var acc = 0.0;
  for (var ka = 0; ka < ${rows.count}; ka++) {
    let ph = ${rows.expr};
    if (ph < 0) { continue; }
    for (var kb = 0; kb < ${cols.count}; kb++) {
      let pw = ${cols.expr};
      if (pw < 0) { continue; }
      acc += ${dy.at(`(c * ${oh}u + u32(ph)) * ${ow}u + u32(pw)`)};
    }
  }
  ${out.set("i", "acc")}`,
  );
};
