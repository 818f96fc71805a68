// Gradient of adaptive_avgpool, its adjoint: dy[c, i, j] divided by its
// window's size is added over the window [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) ×
// (the same for columns). About one flop per input element, as the forward.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, noParams, pointwise, type OpDef } from "../contract.js";
import { adaptiveAvgpool } from "../adaptive_avgpool/op.js";
import { expectDy, forward, inShapeSpec, shapeAttr } from "../grad_shared.js";

export const adaptiveAvgpoolGrad: OpDef = {
  name: "adaptive_avgpool_grad",
  doc: "Gradient of adaptive_avgpool: dy spread evenly over each adaptive window.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...adaptiveAvgpool.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const x = shapeAttr(ctx.attrs, "in_shape");
    expectCHW(x, "in_shape");
    expectDy(ctx.inputs[0]!, forward(adaptiveAvgpool, x, ctx.attrs).out, "adaptive_avgpool");
    return x;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
