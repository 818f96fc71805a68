// 2-D max pooling, PyTorch semantics (nn.MaxPool2d): stride defaults to the
// kernel, ceil mode rounds the output size up.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, fmt, noParams, OpError, pairAttr, boolAttr, windowOut, type OpContext, type OpDef } from "../contract.js";

/** Window geometry shared with avgpool; `dilation` is [1, 1] there. */
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

export const maxpool: OpDef = {
  name: "maxpool",
  doc: "2-D max pooling over a [C, H, W] map.",
  arity: 1,
  batched: "always",
  attrs: {
    kernel: { type: "pair", aliases: ["k"], min: 1, doc: "window size, k or [kh, kw]" },
    stride: { type: "pair", aliases: ["s"], default: null, min: 1, doc: "stride; the kernel size when not given" },
    padding: { type: "pair", aliases: ["p"], default: 0, min: 0, doc: "implicit -infinity padding on each border" },
    dilation: { type: "pair", aliases: ["d"], default: 1, min: 1, doc: "dilation" },
    ceil: { type: "bool", default: false, doc: "round the output size up (PyTorch's ceil_mode)" },
  },
  inferShape: (ctx) => poolGeometry(ctx, pairAttr(ctx.attrs, "dilation")).out,
  params: noParams,
  cost(ctx, out) {
    // One comparison per window tap, counted as a flop.
    const [kh, kw] = pairAttr(ctx.attrs, "kernel");
    return { macs: 0, flops: kh * kw * elementCount(out) };
  },
  spatial(ctx) {
    const d = pairAttr(ctx.attrs, "dilation");
    const { k, s, p } = poolGeometry(ctx, d);
    return { kind: "window", kernel: k, stride: s, pad: p, dilation: d };
  },
  // The gradient goes to the maximum of each window.
  grad: (g) => ({ inputs: [g.emit("maxpool_grad", [g.x(0), g.dy], { ...g.attrs })] }),
};
