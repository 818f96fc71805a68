// Gradient of conv_transpose with respect to its input: the adjoint, a plain
// convolution of dy with the forward weight [in, out/groups, kh, kw].
// It reads the forward weight (role "weight") and does the forward MACs.

import { convTranspose } from "../conv_transpose/op.js";
import { pointwise, type OpContext, type OpDef } from "../contract.js";
import { expectDy, forwardFromInShape, inShapeSpec } from "../grad_shared.js";

const fwd = (ctx: OpContext) => forwardFromInShape(convTranspose, ctx);

export const convTransposeGradInput: OpDef = {
  name: "conv_transpose_grad_input",
  doc: "Input gradient of conv_transpose: dy convolved with the forward weight.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...convTranspose.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const f = fwd(ctx);
    expectDy(ctx.inputs[0]!, f.out, "conv_transpose");
    return f.x;
  },
  params: (ctx) => convTranspose.params(fwd(ctx).ctx).filter((p) => p.role === "weight"),
  cost(ctx) {
    const f = fwd(ctx);
    return { macs: convTranspose.cost(f.ctx, f.out).macs, flops: 0 };
  },
  spatial: () => pointwise,
};
