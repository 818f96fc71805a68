// Gradient of lrn (docs/autodiff.md): with s_c = k + α/n·Σ_{window(c)} x²,
//   dx_c = dy_c·s_c^(−β) − (2αβ/n)·x_c·Σ_{j: c ∈ window(j)} dy_j·x_j·s_j^(−β−1).
// Per element: the window sum and s^(−β) again (2·size + 3, as the forward),
// t_j = dy_j·x_j·s_j^(−β−1) (3), the reverse window sum of t (size) and dx
// (4): 3·size + 10.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, intAttr, noParams, pointwise, type OpDef } from "../contract.js";
import { expectSame } from "../grad_shared.js";
import { lrnAttrs } from "../shared/lrn.js";

export const lrnGrad: OpDef = {
  name: "lrn_grad",
  doc: "Gradient of local response normalisation across channels.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: { ...lrnAttrs },
  inferShape(ctx) {
    expectCHW(ctx.inputs[0]!, "x");
    return expectSame(ctx, 0, 1, ["x", "dy"]);
  },
  params: noParams,
  cost: (ctx, out) => ({ macs: 0, flops: (3 * intAttr(ctx.attrs, "size") + 10) * elementCount(out) }),
  spatial: () => pointwise,
};
