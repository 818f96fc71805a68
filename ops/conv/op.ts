// 2-D convolution, PyTorch semantics: weight [out, in/groups, kh, kw].
// An optional connection table (LeNet-5's C3) lists, for each output map,
// the input maps it reads; the weight then holds only those connections.
// Its shape rules (ops/shared/conv.ts) are shared with its gradient ops.

import type { OpDef } from "../contract.js";
import { convAttrs, convCost, convGeometry, convParams, convShape } from "../shared/conv.js";

export const conv: OpDef = {
  name: "conv",
  aliases: ["conv2d"],
  doc: "2-D convolution over a [C, H, W] map; groups=C makes it depthwise.",
  arity: 1,
  batched: "always",
  attrs: convAttrs,
  inferShape: convShape,
  params: convParams,
  cost: convCost,
  spatial(ctx) {
    const { k, s, d, ph, pw } = convGeometry(ctx);
    return { kind: "window", kernel: k, stride: s, pad: [ph[0], pw[0]], dilation: d };
  },
  // dx is a transposed convolution of dy with the same weight; dW correlates
  // x with dy; the bias gradient sums dy per channel.
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.emit("conv_grad_input", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] }, { weight: "weight" }) : undefined],
    params: {
      ...(g.needsParam("weight") ? { weight: g.emit("conv_grad_weight", [g.x(0), g.dy], { ...g.attrs }) } : {}),
      ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: 0 }) } : {}),
    },
  }),
};
