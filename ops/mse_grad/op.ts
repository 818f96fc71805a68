// Gradient of the weighted total through mse: weight·2(x − t)/(N·E).
// Batched, x's shape. Per element: subtract and scale: 2.

import { targetLossGradOp } from "../shared/target_loss_grad.js";

export const mseGrad = targetLossGradOp({
  name: "mse_grad",
  doc: "Gradient of weight·mse with respect to x.",
  flops: 2,
});
