// Transposed 2-D convolution ("deconvolution"), PyTorch semantics: weight
// [in, out/groups, kh, kw], the layout of the conv it is the gradient of.
// Padding is a plain pair: "same" has no agreed meaning when upsampling.
// Its shape rules (ops/shared/conv_transpose.ts) are shared with its
// gradient ops.

import type { OpDef } from "../contract.js";
import { convTransposeAttrs, convTransposeCost, convTransposeGeometry, convTransposeParams, convTransposeShape } from "../shared/conv_transpose.js";

export const convTranspose: OpDef = {
  name: "conv_transpose",
  aliases: ["deconv", "conv_transpose2d"],
  doc: "Transposed 2-D convolution over a [C, H, W] map (learned upsampling).",
  arity: 1,
  batched: "always",
  attrs: convTransposeAttrs,
  inferShape: convTransposeShape,
  params: convTransposeParams,
  cost: convTransposeCost,
  spatial(ctx) {
    const { k, s, p, d } = convTransposeGeometry(ctx);
    // An output pixel gathers from the input pixels whose dilated kernel
    // covers it: at most ceil(k_eff / stride) of them per axis.
    const reach = (i: 0 | 1) => Math.ceil((d[i] * (k[i] - 1) + 1) / s[i]);
    return { kind: "upsample", factor: s, kernel: [reach(0), reach(1)], pad: p };
  },
  // dx is a convolution of dy with the same weight; dW correlates dy with x.
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.emit("conv_transpose_grad_input", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] }, { weight: "weight" }) : undefined],
    params: {
      ...(g.needsParam("weight") ? { weight: g.emit("conv_transpose_grad_weight", [g.x(0), g.dy], { ...g.attrs }) } : {}),
      ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: 0 }) } : {}),
    },
  }),
};
