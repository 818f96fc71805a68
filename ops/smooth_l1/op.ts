// Smooth L1 (Huber-like, PyTorch's SmoothL1Loss): with d = x − t,
// |d| < β ? 0.5·d²/β : |d| − 0.5·β, averaged over the batch and the elements.
// An unbatched scalar. Per element: subtract, abs, compare, the branch (2,
// at most) and accumulate: 6.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { targetLossShape } from "../grad_shared.js";
import { targetLabel } from "../shared/loss_label.js";
import { betaSpec } from "../shared/loss_attrs.js";

export const smoothL1: OpDef = {
  name: "smooth_l1",
  doc: "Mean smooth L1 loss of x against targets t of the same shape.",
  arity: 2,
  role: "loss",
  lossGradient: "smooth_l1_grad",
  loss: { aliases: ["huber"], label: targetLabel },
  batched: "never",
  attrs: { beta: betaSpec },
  inferShape: targetLossShape,
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 6 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
