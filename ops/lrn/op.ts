// Local response normalisation across channels (AlexNet; PyTorch's
// nn.LocalResponseNorm): x / (k + alpha/size · Σ x²)^beta over `size`
// neighbouring channels.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, intAttr, noParams, pointwise, type OpDef } from "../contract.js";

export const lrn: OpDef = {
  name: "lrn",
  doc: "Local response normalisation across neighbouring channels of a [C, H, W] map.",
  arity: 1,
  batched: "always",
  attrs: {
    size: { type: "int", min: 1, default: 5, doc: "number of neighbouring channels" },
    alpha: { type: "float", default: 1e-4, doc: "scale of the sum of squares" },
    beta: { type: "float", default: 0.75, doc: "exponent" },
    // The AlexNet paper's value; PyTorch defaults k to 1.
    k: { type: "float", default: 2, doc: "additive constant" },
  },
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
