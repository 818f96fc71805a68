// Gradient of bn with respect to its input. Training (batch statistics, the
// biased variance over batch and spatial, per channel):
//   dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂));
// eval (running statistics): dx = dy·γ/√(running_var + eps). γ = 1 without
// affine. Reads the forward "weight" (γ, with affine) and, in eval, the
// "running_var" buffer.
//
// Cost per element, training 12: batch mean 1 and variance 2, normalise x̂ 2,
// the sums of dy and dy·x̂ 3, dx 4 (two subtracts, two multiplies). Eval 1:
// a multiply by the per-channel factor.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, pointwise, type OpDef, type ParamDecl, fromForward } from "../contract.js";
import { channelAxis, expectSame } from "../grad_shared.js";
import { bnGradAttrs } from "../shared/bn.js";

export const bnGradInput: OpDef = {
  name: "bn_grad_input",
  doc: "Input gradient of batch norm, with batch statistics (training) or running ones (eval).",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: bnGradAttrs,
  inferShape(ctx) {
    const x = expectSame(ctx, 0, 1, ["x", "dy"]);
    channelAxis(x, "x", "batch norm");
    return x;
  },
  params(ctx) {
    const c = channelAxis(ctx.inputs[0]!, "x", "batch norm");
    const ps: ParamDecl[] = [];
    if (boolAttr(ctx.attrs, "affine")) ps.push({ role: "weight", shape: [c], kind: "weight", init: fromForward });
    if (!boolAttr(ctx.attrs, "training")) ps.push({ role: "running_var", shape: [c], kind: "buffer", init: fromForward });
    return ps;
  },
  cost: (ctx, out) => ({ macs: 0, flops: (boolAttr(ctx.attrs, "training") ? 12 : 1) * elementCount(out) }),
  spatial: () => pointwise,
};
