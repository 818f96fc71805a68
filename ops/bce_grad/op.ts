// Gradient of the weighted total through bce: weight·(σ(x) − t)/(N·E).
// Batched, x's shape. Per element: sigmoid 4, subtract, scale: 6.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { lossWeightSpec, targetLossGradShape } from "../grad_shared.js";

export const bceGrad: OpDef = {
  name: "bce_grad",
  doc: "Gradient of weight·bce with respect to the logits x.",
  arity: 2,
  batched: "always",
  role: "loss",
  attrs: { weight: lossWeightSpec },
  inferShape: targetLossGradShape,
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 6 * elementCount(out) }),
  spatial: () => pointwise,
};
