// Gradient of gap: dy[c] / (H·W) at every pixel of channel c. One flop per
// input element (the divide is per channel; the broadcast counted as one).

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { inShapeGradShape, inShapeSpec } from "../grad_shared.js";
import { globalPoolShape } from "../shared/pool.js";

export const gapGrad: OpDef = {
  name: "gap_grad",
  doc: "Gradient of gap: dy[c] / (H·W) at every pixel.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { in_shape: inShapeSpec },
  inferShape: (ctx) => inShapeGradShape(globalPoolShape, "gap", ctx),
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
