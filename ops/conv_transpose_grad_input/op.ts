// Gradient of conv_transpose with respect to its input: the adjoint, a plain
// convolution of dy with the forward weight [in, out/groups, kh, kw].
// It reads the forward weight (role "weight") and does the forward MACs.

import type { OpContext, OpDef } from "../contract.js";
import { dataGradFields, forwardFromInShape } from "../grad_shared.js";
import { convTransposeAttrs, convTransposeCost, convTransposeParams, convTransposeShape } from "../shared/conv_transpose.js";

const fwd = (ctx: OpContext) => forwardFromInShape(convTransposeShape, ctx);

export const convTransposeGradInput: OpDef = {
  name: "conv_transpose_grad_input",
  doc: "Input gradient of conv_transpose: dy convolved with the forward weight.",
  ...dataGradFields("conv_transpose", convTransposeAttrs, convTransposeShape),
  params: (ctx) => convTransposeParams(fwd(ctx).ctx).filter((p) => p.role === "weight"),
  cost(ctx) {
    const f = fwd(ctx);
    return { macs: convTransposeCost(f.ctx, f.out).macs, flops: 0 };
  },
};
