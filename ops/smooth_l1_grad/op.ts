// Gradient of the weighted total through smooth_l1, with d = x − t:
// weight·(|d| < β ? d/β : sign d)/(N·E). Batched, x's shape. Per element:
// subtract, abs, compare, divide or sign, scale: 5.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { lossWeightSpec, targetLossGradShape } from "../grad_shared.js";
import { betaSpec } from "../shared/loss_attrs.js";

export const smoothL1Grad: OpDef = {
  name: "smooth_l1_grad",
  doc: "Gradient of weight·smooth_l1 with respect to x.",
  arity: 2,
  batched: "always",
  role: "loss",
  attrs: { beta: betaSpec, weight: lossWeightSpec },
  inferShape: targetLossGradShape,
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 5 * elementCount(out) }),
  spatial: () => pointwise,
};
