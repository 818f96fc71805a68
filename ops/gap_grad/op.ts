// Gradient of gap: dy[c] / (H·W) at every pixel of channel c. One flop per
// input element (the divide is per channel; the broadcast counted as one).

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, noParams, pointwise, type OpDef } from "../contract.js";
import { gap } from "../gap/op.js";
import { expectDy, forward, inShapeSpec, shapeAttr } from "../grad_shared.js";

export const gapGrad: OpDef = {
  name: "gap_grad",
  doc: "Gradient of gap: dy[c] / (H·W) at every pixel.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { in_shape: inShapeSpec },
  inferShape(ctx) {
    const x = shapeAttr(ctx.attrs, "in_shape");
    expectCHW(x, "in_shape");
    expectDy(ctx.inputs[0]!, forward(gap, x, ctx.attrs).out, "gap");
    return x;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
