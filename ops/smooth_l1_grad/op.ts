// Gradient of the weighted total through smooth_l1, with d = x − t:
// weight·(|d| < β ? d/β : sign d)/(N·E). Batched, x's shape. Per element:
// subtract, abs, compare, divide or sign, scale: 5.

import { betaSpec } from "../shared/loss_attrs.js";
import { targetLossGradOp } from "../shared/target_loss_grad.js";

export const smoothL1Grad = targetLossGradOp({
  name: "smooth_l1_grad",
  doc: "Gradient of weight·smooth_l1 with respect to x.",
  flops: 5,
  attrs: { beta: betaSpec },
});
