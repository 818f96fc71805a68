// 2-D average pooling, PyTorch semantics (nn.AvgPool2d). count_include_pad
// only changes the divisor at the borders, not the shape or the cost.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pairAttr, type OpDef } from "../contract.js";
import { avgpoolAttrs, avgpoolShape, poolGeometry } from "../shared/pool.js";

export const avgpool: OpDef = {
  name: "avgpool",
  doc: "2-D average pooling over a [C, H, W] map.",
  arity: 1,
  batched: "always",
  attrs: avgpoolAttrs,
  inferShape: avgpoolShape,
  params: noParams,
  cost(ctx, out) {
    // kh*kw - 1 adds and one divide per output element: kh*kw in all.
    const [kh, kw] = pairAttr(ctx.attrs, "kernel");
    return { macs: 0, flops: kh * kw * elementCount(out) };
  },
  spatial(ctx) {
    const { k, s, p } = poolGeometry(ctx, [1, 1]);
    return { kind: "window", kernel: k, stride: s, pad: p, dilation: [1, 1] };
  },
  grad: (g) => ({ inputs: [g.emit("avgpool_grad", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] })] }),
};
