// Bilinear interpolation's taps (align_corners = false), shared by
// upsample's kernel and upsample_grad's (which scatters back with the same
// weights).

import { f32 } from "../../core/kernel/index.js";

/** WGSL: the bilinear taps of `dst` (u32) along an axis: `a0`, `a1` (u32) and the weight `l` of a1. */
export function bilinearTaps(dst: string, scale: number, size: number, a0: string, a1: string, l: string): string {
  const src = `${a0}_src`;
  return `let ${src} = max((f32(${dst}) + 0.5) / ${f32(scale)} - 0.5, 0.0);
  let ${a0} = min(u32(floor(${src})), ${size - 1}u);
  let ${a1} = min(${a0} + 1u, ${size - 1}u);
  let ${l} = ${src} - f32(${a0});`;
}
