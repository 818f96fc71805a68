// Local response normalisation across channels (AlexNet; PyTorch's
// nn.LocalResponseNorm): x / (k + alpha/size · Σ x²)^beta over `size`
// neighbouring channels.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, intAttr, noParams, pointwise, type OpDef } from "../contract.js";
import { lrnAttrs } from "../shared/lrn.js";

export const lrn: OpDef = {
  name: "lrn",
  doc: "Local response normalisation across neighbouring channels of a [C, H, W] map.",
  arity: 1,
  batched: "always",
  attrs: lrnAttrs,
  inferShape(ctx) {
    expectCHW(ctx.inputs[0]!);
    return ctx.inputs[0]!;
  },
  params: noParams,
  // Per element: `size` squares and `size` adds for the window sum, then a
  // scale, the power and the divide (3).
  cost: (ctx, out) => ({ macs: 0, flops: (2 * intAttr(ctx.attrs, "size") + 3) * elementCount(out) }),
  // It mixes channels only; each pixel sees the same pixel of the input.
  spatial: () => pointwise,
  grad: (g) => ({ inputs: [g.emit("lrn_grad", [g.x(0), g.dy], { ...g.attrs })] }),
};
