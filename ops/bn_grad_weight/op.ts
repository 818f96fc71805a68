// Gradient of bn with respect to γ: Σ dy·x̂ over the batch and spatial axes,
// per channel. Unbatched [C]. x̂ comes from batch statistics in training and
// from the running ones in eval (which it then reads: "running_mean",
// "running_var").
//
// Cost per element: training 7 (batch mean 1 and variance 2, normalise 2,
// multiply and add 2); eval 4 (normalise 2, multiply and add 2).

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, pointwise, type OpDef, type ParamDecl, fromForward } from "../contract.js";
import { channelAxis, expectSame } from "../grad_shared.js";
import { bnGradAttrs } from "../shared/bn.js";

export const bnGradWeight: OpDef = {
  name: "bn_grad_weight",
  doc: "Gradient of batch norm's scale γ: Σ dy·x̂ per channel over batch and spatial.",
  arity: 2,
  role: "backward",
  batched: "never",
  // affine is unused here but accepted (see bnGradAttrs).
  attrs: bnGradAttrs,
  inferShape(ctx) {
    const x = expectSame(ctx, 0, 1, ["x", "dy"]);
    return [channelAxis(x, "x", "batch norm")];
  },
  params(ctx) {
    if (boolAttr(ctx.attrs, "training")) return [];
    const c = channelAxis(ctx.inputs[0]!, "x", "batch norm");
    const ps: ParamDecl[] = [
      { role: "running_mean", shape: [c], kind: "buffer", init: fromForward },
      { role: "running_var", shape: [c], kind: "buffer", init: fromForward },
    ];
    return ps;
  },
  cost: (ctx) => ({ macs: 0, flops: (boolAttr(ctx.attrs, "training") ? 7 : 4) * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
