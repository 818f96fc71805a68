// maxpool: y[n, c, i, j] = max over the taps x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
// that lie inside the input (padding is −∞ and never wins). One invocation
// per output element; the output size (ceil mode included) is ctx.out.
import { pairAttr } from "../contract.js";
import { elementCount, type Attrs } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { join, newKernel, wgsl, type Binding, type Code } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

/** Kernel, stride (null means the kernel), padding and dilation of a pooling op or its gradient. */
export function poolAttrs(attrs: Attrs): { k: [number, number]; s: [number, number]; p: [number, number]; d: [number, number] } {
  const k = pairAttr(attrs, "kernel");
  const s = attrs.stride === null || attrs.stride === undefined ? k : pairAttr(attrs, "stride");
  const p = pairAttr(attrs, "padding");
  const d = attrs.dilation === undefined ? ([1, 1] as [number, number]) : pairAttr(attrs, "dilation");
  return { k, s, p, d };
}

/**
 * WGSL that finds the first maximum (scan order rows, then columns) of the
 * window of output (oy, ox) in plane `base` of an h×w input: leaves `arg`
 * (-1 when the window has no input tap) and `best`. Lines after the first
 * start with `indent` (where the caller places them).
 */
export function windowArgmax(attrs: Attrs, h: number, w: number, src: Binding, indent = "  "): Code {
  const { k, s, p, d } = poolAttrs(attrs);
  const lines: Code[] = [
    wgsl`var best = 0.0;`,
    wgsl`var arg = -1;`,
    wgsl`for (var ky = 0; ky < ${k[0]}; ky++) {`,
    wgsl`  let iy = i32(oy) * ${s[0]} - ${p[0]} + ky * ${d[0]};`,
    wgsl`  if (iy < 0 || iy >= ${h}) { continue; }`,
    wgsl`  for (var kx = 0; kx < ${k[1]}; kx++) {`,
    wgsl`    let ix = i32(ox) * ${s[1]} - ${p[1]} + kx * ${d[1]};`,
    wgsl`    if (ix < 0 || ix >= ${w}) { continue; }`,
    wgsl`    let v = ${src.at(`base + u32(iy * ${w} + ix)`)};`,
    wgsl`    if (arg < 0 || v > best) { best = v; arg = iy * ${w} + ix; }`,
    wgsl`  }`,
    wgsl`}`,
  ];
  return join(lines, `\n${indent}`);
}

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.inputs[0]! as [number, number, number, number];
  const [, , oh, ow] = ctx.out as [number, number, number, number];
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [x] = declareInputs(k, ctx) as [Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let plane = i / ${oh * ow}u;
  let ox = i % ${ow}u;
  let oy = (i / ${ow}u) % ${oh}u;
  let base = plane * ${h * w}u;
  ${windowArgmax(ctx.attrs, h, w, x)}
  // A window with no input tap (impossible under PyTorch's padding rule) is
  // −∞; a runtime bitcast, since a constant infinity does not validate.
  var ninf = 0xff800000u;
  ${out.set("i", "select(bitcast<f32>(ninf), best, arg >= 0)")}
}`;
  return k.build();
};
