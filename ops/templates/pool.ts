// WGSL helpers of the pooling kernels, shared by each pooling op and its
// gradient: the per-output-pixel kernel (upsample's too), the window attributes, the first-maximum scan of a max-pooling
// window (maxpool, maxpool_grad), the clipped window and divisor of average
// pooling (avgpool, avgpool_grad) and the bounds of an adaptive window
// (adaptive_avgpool and its gradient).

import type { Attrs } from "../../core/ir/graph.js";
import { join, wgsl, type Binding, type Code, type CodeLike, type KernelDesc } from "../../core/kernel/index.js";
import { boolAttr, pairAttr } from "../contract.js";
import type { LoweringContext } from "../lowering.js";
import { perElementKernel } from "./elementwise.js";

/** The sizes of a per-output-pixel kernel: the input's h × w, the output's oh × ow. */
export interface PlaneSizes {
  readonly h: number;
  readonly w: number;
  readonly oh: number;
  readonly ow: number;
}

/**
 * A kernel of one invocation per element of an [N, C, oh, ow] output that
 * reads the [N, C, h, w] input x (the pooling ops, upsample): `body`
 * follows the invocation's `plane` (n·C + c), `ox`, `oy` and `base`, the
 * plane's offset into x, and stores element i.
 */
export function perOutputPixel(ctx: LoweringContext, body: (x: Binding, out: Binding, sizes: PlaneSizes) => CodeLike): KernelDesc {
  const [, , h, w] = ctx.inputs[0]! as [number, number, number, number];
  const [, , oh, ow] = ctx.out as [number, number, number, number];
  return perElementKernel<[Binding]>(
    ctx,
    ([x], out) => wgsl`let plane = i / ${oh * ow}u;
  let ox = i % ${ow}u;
  let oy = (i / ${ow}u) % ${oh}u;
  let base = plane * ${h * w}u;
  ${body(x, out, { h, w, oh, ow })}`,
  );
}

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

/**
 * WGSL for the window of output (oy, ox) of an h×w input: the clipped bounds
 * y0..y1, x0..x1 (i32) and the forward divisor `div` (f32).
 */
export function avgWindow(attrs: Attrs, h: number, w: number): string {
  const { k, s, p } = poolAttrs(attrs);
  const includePad = boolAttr(attrs, "count_include_pad");
  return `let sy = i32(oy) * ${s[0]} - ${p[0]};
  let sx = i32(ox) * ${s[1]} - ${p[1]};
  let ey = min(sy + ${k[0]}, ${h + p[0]});
  let ex = min(sx + ${k[1]}, ${w + p[1]});
  let y0 = max(sy, 0);
  let x0 = max(sx, 0);
  let y1 = min(ey, ${h});
  let x1 = min(ex, ${w});
  let div = f32(${includePad ? "(ey - sy) * (ex - sx)" : "(y1 - y0) * (x1 - x0)"});`;
}

/** WGSL for the adaptive window [lo, hi) of output index `o` along an axis of `size` pooled to `outSize`. */
export function adaptiveBounds(o: string, size: number, outSize: number, lo: string, hi: string): string {
  return `let ${lo} = (${o} * ${size}u) / ${outSize}u;
  let ${hi} = ((${o} + 1u) * ${size}u + ${outSize - 1}u) / ${outSize}u;`;
}
