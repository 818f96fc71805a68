// Float64 reference helpers of the window pooling kernels (maxpool, avgpool):
// the window as the attributes give it and the output size, PyTorch's rules,
// written here once rather than in each reference.

import type { Attrs } from "../../core/ir/graph.js";
import { boolAttr, pairAttr } from "../contract.js";

/** A pooling window: kernel, stride (the kernel when null), leading padding and ceil mode. */
export function poolWindow(attrs: Attrs) {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = attrs.stride === null ? [kh, kw] : pairAttr(attrs, "stride");
  const [ph, pw] = pairAttr(attrs, "padding");
  return { kh, kw, sh, sw, ph, pw, ceil: boolAttr(attrs, "ceil") };
}

/**
 * Output size along one axis: ⌊(size + 2p − (d(k−1)+1))/s⌋ + 1, or with ceil
 * mode ⌈·⌉ + 1, less one when the last window would start at or past size + p
 * (every window starts inside the input or its leading padding). d is 1 for avgpool.
 */
export function poolOutSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = size + 2 * p - (d * (k - 1) + 1);
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (o - 1) * s >= size + p) o -= 1;
  return o;
}
