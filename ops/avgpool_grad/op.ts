// Gradient of avgpool, its adjoint: each dy, divided by its window's divisor
// (the forward rule, count_include_pad), is added to every input pixel of
// the window. Per dy element: a divide and kh·kw adds, counted kh·kw as the
// forward.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, noParams, pairAttr, pointwise, type OpDef } from "../contract.js";
import { avgpool } from "../avgpool/op.js";
import { expectDy, forward, inShapeSpec, shapeAttr } from "../grad_shared.js";

export const avgpoolGrad: OpDef = {
  name: "avgpool_grad",
  doc: "Gradient of avgpool: dy spread evenly over each window.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...avgpool.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const x = shapeAttr(ctx.attrs, "in_shape");
    expectCHW(x, "in_shape");
    expectDy(ctx.inputs[0]!, forward(avgpool, x, ctx.attrs).out, "avgpool");
    return x;
  },
  params: noParams,
  cost(ctx) {
    const [kh, kw] = pairAttr(ctx.attrs, "kernel");
    return { macs: 0, flops: kh * kw * elementCount(ctx.inputs[0]!) };
  },
  spatial: () => pointwise,
};
