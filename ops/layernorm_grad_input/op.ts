// Gradient of layernorm with respect to its input. Per row of D features,
// with x̂ = (x − μ)/σ from the row's statistics (σ² biased, plus eps) and
// g = dy·γ (γ = 1 without affine):
//   dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)).
// Reads the forward "weight" (γ) with affine. The statistics are
// recomputed from x, not stored by the forward pass.
//
// Cost per element, 13: the row mean 1 and variance 3, x̂ 2, g 1, the sums
// of g and g·x̂ 3, dx 3 (two subtracts and the multiply by x̂ folded with
// 1/σ counted as one each).

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, pointwise, fromForward, type OpDef, type ParamDecl } from "../contract.js";
import { expectSame } from "../grad_shared.js";
import { features, layernormAttrs } from "../shared/layernorm.js";

export const layernormGradInput: OpDef = {
  name: "layernorm_grad_input",
  doc: "Input gradient of layer norm over the last axis, from x, dy and the scale.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: layernormAttrs,
  inferShape(ctx) {
    const x = expectSame(ctx, 0, 1, ["x", "dy"]);
    features(x, "x");
    return x;
  },
  params(ctx) {
    const d = features(ctx.inputs[0]!, "x");
    const ps: ParamDecl[] = [];
    if (boolAttr(ctx.attrs, "affine")) ps.push({ role: "weight", shape: [d], kind: "weight", init: fromForward });
    return ps;
  },
  cost: (_ctx, out) => ({ macs: 0, flops: 13 * elementCount(out) }),
  spatial: (ctx) => (ctx.inputs[0]!.length <= 1 ? pointwise : { kind: "global" }),
};
