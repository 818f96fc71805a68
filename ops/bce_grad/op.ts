// Gradient of the weighted total through bce: weight·(σ(x) − t)/(N·E).
// Batched, x's shape. Per element: sigmoid 4, subtract, scale: 6.

import { targetLossGradOp } from "../shared/target_loss_grad.js";

export const bceGrad = targetLossGradOp({
  name: "bce_grad",
  doc: "Gradient of weight·bce with respect to the logits x.",
  flops: 6,
});
