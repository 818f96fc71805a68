// Mean squared error (x − t)², averaged over the batch and the elements.
// An unbatched scalar. Per element: subtract, square, accumulate: 3.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { targetLossShape } from "../grad_shared.js";
import { targetLabel } from "../shared/loss_label.js";

export const mse: OpDef = {
  name: "mse",
  doc: "Mean squared error of x against targets t of the same shape.",
  arity: 2,
  role: "loss",
  lossGradient: "mse_grad",
  loss: { aliases: ["l2"], label: targetLabel },
  batched: "never",
  attrs: {},
  inferShape: targetLossShape,
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 3 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
