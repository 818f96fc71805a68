// The pooling ops' shape rules, shared by each pooling op and its gradient
// (which takes its attributes and checks dy against its output): window
// pooling (maxpool, avgpool: PyTorch semantics, stride defaulting to the
// kernel, ceil mode rounding the output size up), adaptive average pooling
// and global pooling (gap, gmp).

import { elementCount, type Shape } from "../../core/ir/graph.js";
import { boolAttr, expectCHW, fmt, noParams, OpError, pairAttr, windowOut, type AttrSpec, type OpContext, type OpDef } from "../contract.js";

/** Window geometry of maxpool and avgpool; `dilation` is [1, 1] for avgpool. */
export function poolGeometry(ctx: OpContext, dilation: [number, number]) {
  const [c, h, w] = expectCHW(ctx.inputs[0]!);
  const k = pairAttr(ctx.attrs, "kernel");
  // null means "not given": PyTorch's default stride is the kernel size.
  const s = ctx.attrs.stride === null ? k : pairAttr(ctx.attrs, "stride");
  const p = pairAttr(ctx.attrs, "padding");
  const ceil = boolAttr(ctx.attrs, "ceil");
  // PyTorch refuses more padding than this: a window could then lie wholly in padding.
  if (p[0] > Math.floor(k[0] / 2) || p[1] > Math.floor(k[1] / 2)) {
    throw new OpError(`padding ${fmt(p)} is more than half the kernel ${fmt(k)}`, `padding at most ${fmt([Math.floor(k[0] / 2), Math.floor(k[1] / 2)])}`);
  }
  const oh = windowOut(h, k[0], s[0], p[0], p[0], dilation[0], ceil);
  const ow = windowOut(w, k[1], s[1], p[1], p[1], dilation[1], ceil);
  if (oh < 1 || ow < 1) {
    const eff = [dilation[0] * (k[0] - 1) + 1, dilation[1] * (k[1] - 1) + 1];
    throw new OpError(`input ${h}×${w} is smaller than the ${eff[0]}×${eff[1]} window plus padding`, "a larger input or a smaller kernel");
  }
  return { c, k, s, p, out: [c, oh, ow] };
}

export const maxpoolAttrs: Readonly<Record<string, AttrSpec>> = {
  kernel: { type: "pair", aliases: ["k"], min: 1, doc: "window size, k or [kh, kw]" },
  stride: { type: "pair", aliases: ["s"], default: null, min: 1, doc: "stride; the kernel size when not given" },
  padding: { type: "pair", aliases: ["p"], default: 0, min: 0, doc: "implicit -infinity padding on each border" },
  dilation: { type: "pair", aliases: ["d"], default: 1, min: 1, doc: "dilation" },
  ceil: { type: "bool", aliases: ["ceil_mode"], default: false, doc: "round the output size up (PyTorch's ceil_mode)" },
};

export const maxpoolShape = (ctx: OpContext): Shape => poolGeometry(ctx, pairAttr(ctx.attrs, "dilation")).out;

export const avgpoolAttrs: Readonly<Record<string, AttrSpec>> = {
  kernel: { type: "pair", aliases: ["k"], min: 1, doc: "window size, k or [kh, kw]" },
  stride: { type: "pair", aliases: ["s"], default: null, min: 1, doc: "stride; the kernel size when not given" },
  padding: { type: "pair", aliases: ["p"], default: 0, min: 0, doc: "implicit zero padding on each border" },
  ceil: { type: "bool", aliases: ["ceil_mode"], default: false, doc: "round the output size up (PyTorch's ceil_mode)" },
  count_include_pad: { type: "bool", default: true, doc: "count padding zeros in the divisor" },
};

export const avgpoolShape = (ctx: OpContext): Shape => poolGeometry(ctx, [1, 1]).out;

export const adaptiveAvgpoolAttrs: Readonly<Record<string, AttrSpec>> = {
  size: { type: "pair", min: 1, doc: "output size, n or [oh, ow]" },
};

/** adaptive_avgpool's output: [C, oh, ow] whatever the input's H and W. */
export function adaptiveAvgpoolShape(ctx: OpContext): Shape {
  const [c] = expectCHW(ctx.inputs[0]!);
  const [oh, ow] = pairAttr(ctx.attrs, "size");
  return [c, oh, ow];
}

/** gap's and gmp's output: one value per channel of a [C, H, W] map. */
export const globalPoolShape = (ctx: OpContext): Shape => [expectCHW(ctx.inputs[0]!)[0]];

/**
 * What gap and gmp declare alike: one [C, H, W] input, batched; no attributes
 * or parameters; one flop per input element (gap: H·W − 1 adds and a divide
 * per channel; gmp: one comparison per element); a global spatial kind.
 */
export const globalPoolFields: Pick<OpDef, "arity" | "batched" | "attrs" | "inferShape" | "params" | "cost" | "spatial"> = {
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: globalPoolShape,
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => ({ kind: "global" }),
};
