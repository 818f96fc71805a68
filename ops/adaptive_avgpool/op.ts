// Adaptive average pooling (nn.AdaptiveAvgPool2d): the output size is fixed
// and PyTorch picks window i as [floor(i·H/oh), ceil((i+1)·H/oh)).

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, noParams, pairAttr, type OpDef } from "../contract.js";
import { adaptiveAvgpoolAttrs, adaptiveAvgpoolShape } from "../shared/pool.js";

export const adaptiveAvgpool: OpDef = {
  name: "adaptive_avgpool",
  doc: "Average pooling of a [C, H, W] map to a fixed [C, oh, ow].",
  arity: 1,
  batched: "always",
  attrs: adaptiveAvgpoolAttrs,
  inferShape: adaptiveAvgpoolShape,
  params: noParams,
  // Each input element is summed about once (windows may overlap by a pixel
  // when the size does not divide), plus a divide per output: input elements.
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial(ctx) {
    const [, h, w] = expectCHW(ctx.inputs[0]!);
    const size = pairAttr(ctx.attrs, "size");
    // Exact when the size divides; otherwise windows vary between floor and
    // ceil(n/o)+1 pixels, so take the widest window (an upper bound) and the
    // smaller step, kept at least 1 for the receptive-field composition.
    const axis = (n: number, o: number): [number, number] =>
      n % o === 0 ? [n / o, n / o] : [Math.ceil(n / o) + 1, Math.max(1, Math.floor(n / o))];
    const [kh, sh] = axis(h, size[0]);
    const [kw, sw] = axis(w, size[1]);
    return { kind: "window", kernel: [kh, kw], stride: [sh, sw], pad: [0, 0], dilation: [1, 1] };
  },
  grad: (g) => ({ inputs: [g.emit("adaptive_avgpool_grad", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] })] }),
};
