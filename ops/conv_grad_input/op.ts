// Gradient of conv with respect to its input: the adjoint of the convolution,
// a transposed convolution of dy with the same weight, groups and table.
// It reads the forward weight (role "weight") and does the forward MACs.

import { conv } from "../conv/op.js";
import { pointwise, type OpContext, type OpDef } from "../contract.js";
import { expectDy, forwardFromInShape, inShapeSpec } from "../grad_shared.js";

const fwd = (ctx: OpContext) => forwardFromInShape(conv, ctx);

export const convGradInput: OpDef = {
  name: "conv_grad_input",
  doc: "Input gradient of conv: dy convolved transposed with the forward weight.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...conv.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const f = fwd(ctx);
    expectDy(ctx.inputs[0]!, f.out, "conv");
    return f.x;
  },
  params: (ctx) => conv.params(fwd(ctx).ctx).filter((p) => p.role === "weight"),
  cost(ctx) {
    const f = fwd(ctx);
    return { macs: conv.cost(f.ctx, f.out).macs, flops: 0 };
  },
  spatial: () => pointwise,
};
