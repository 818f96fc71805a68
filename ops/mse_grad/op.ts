// Gradient of the weighted total through mse: weight·2(x − t)/(N·E).
// Batched, x's shape. Per element: subtract and scale: 2.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { lossWeightSpec, targetLossGradShape } from "../grad_shared.js";

export const mseGrad: OpDef = {
  name: "mse_grad",
  doc: "Gradient of weight·mse with respect to x.",
  arity: 2,
  batched: "always",
  role: "loss",
  attrs: { weight: lossWeightSpec },
  inferShape: targetLossGradShape,
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 2 * elementCount(out) }),
  spatial: () => pointwise,
};
