// Gradient of conv_transpose with respect to its weight [in, out/groups, kh,
// kw]: the sum over the batch of each input pixel times the dy pixels its
// kernel scattered into. Unbatched; the forward MACs.

import { expectCHW, noParams, pointwise, type OpContext, type OpDef } from "../contract.js";
import { expectDy, forward } from "../grad_shared.js";
import { convTransposeAttrs, convTransposeCost, convTransposeParams, convTransposeShape } from "../shared/conv_transpose.js";

function fwd(ctx: OpContext) {
  const x = ctx.inputs[0]!;
  expectCHW(x, "x");
  return forward(convTransposeShape, x, ctx.attrs);
}

export const convTransposeGradWeight: OpDef = {
  name: "conv_transpose_grad_weight",
  doc: "Weight gradient of conv_transpose, [in, out/groups, kh, kw], summed over the batch.",
  arity: 2,
  role: "backward",
  batched: "never",
  attrs: { ...convTransposeAttrs },
  inferShape(ctx) {
    const f = fwd(ctx);
    expectDy(ctx.inputs[1]!, f.out, "conv_transpose");
    return convTransposeParams(f.ctx).find((p) => p.role === "weight")!.shape;
  },
  params: noParams,
  cost(ctx) {
    const f = fwd(ctx);
    return { macs: convTransposeCost(f.ctx, f.out).macs, flops: 0 };
  },
  spatial: () => pointwise,
};
