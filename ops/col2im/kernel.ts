// col2im (the second half of a column data gradient): one invocation per
// input pixel dx[b, c, iy, ix] sums the column values of the taps that
// read it, cols[b, c, ky·kw + kx, oy, ox] with oy·sh − ph + ky·dh = iy
// (likewise x): for each ky, oy = (iy + ph − ky·dh) / sh when that divides
// and lies in 0 … OH − 1. A gather, so no two invocations write one place.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import type { Lowering } from "../lowering.js";
import { convWindow, dims4 } from "../templates/conv_common.js";
import { elementCount } from "../../core/ir/graph.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const [, C, taps, OH, OW] = ctx.inputs[0]! as [number, number, number, number, number];
  const [, C2, H, W] = dims4(ctx.out, "dx");
  if (C2 !== C) throw new Error(`internal: columns [${ctx.inputs[0]!.join(", ")}] do not match dx [${ctx.out.join(", ")}]`);
  const win = convWindow(ctx.attrs, H, W);
  if (win.kh * win.kw !== taps) throw new Error(`internal: columns have ${taps} taps, the kernel ${win.kh} × ${win.kw}`);
  const n = elementCount(ctx.out);
  const k = newKernel();
  const cols = k.input(0);
  const out = k.output();
  const dispatch = dispatchFor(n, ctx);
  // One axis: the output index t along it, when tap k of it reads input index i.
  const along = (axis: "y" | "x", i: string, k: string, pad: number, stride: number, dil: number, size: number) => `    let t${axis} = i32(${i}) + ${pad} - i32(${k}) * ${dil};
    if (t${axis} < 0${stride > 1 ? ` || t${axis} % ${stride} != 0` : ""} || t${axis} / ${stride} >= ${size}) { continue; }
    let o${axis} = u32(t${axis} / ${stride});`;
  k.dispatch = dispatch;
  k.body = wgsl`${perItem(n, dispatch)}
  let ix = i % ${W}u;
  let iy = (i / ${W}u) % ${H}u;
  let bc = i / ${H * W}u;
  var acc = 0.0;
  for (var ky = 0u; ky < ${win.kh}u; ky++) {
${along("y", "iy", "ky", win.ph, win.sh, win.dh, OH)}
    for (var kx = 0u; kx < ${win.kw}u; kx++) {
  ${along("x", "ix", "kx", win.pw, win.sw, win.dw, OW).replaceAll("\n", "\n  ")}
      acc += ${cols.at(`((bc * ${taps}u + ky * ${win.kw}u + kx) * ${OH}u + oy) * ${OW}u + ox`)};
    }
  }
  ${out.set("i", "acc")}
}`;
  return k.build();
};
