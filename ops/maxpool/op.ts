// 2-D max pooling, PyTorch semantics (nn.MaxPool2d): stride defaults to the
// kernel, ceil mode rounds the output size up.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pairAttr, type OpDef } from "../contract.js";
import { maxpoolAttrs, maxpoolShape, poolGeometry } from "../shared/pool.js";

export const maxpool: OpDef = {
  name: "maxpool",
  doc: "2-D max pooling over a [C, H, W] map.",
  arity: 1,
  batched: "always",
  attrs: maxpoolAttrs,
  inferShape: maxpoolShape,
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
