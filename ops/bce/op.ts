// Binary cross-entropy on logits, as PyTorch's BCEWithLogitsLoss:
// max(x, 0) − x·t + log(1 + e^(−|x|)), averaged over the batch and the
// elements. An unbatched scalar. Per element: max, multiply, subtract, abs,
// exp, log1p, add and accumulate: 8.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { targetLossShape } from "../grad_shared.js";
import { targetLabel } from "../shared/loss_label.js";

export const bce: OpDef = {
  name: "bce",
  doc: "Mean binary cross-entropy of logits x against targets t of the same shape.",
  arity: 2,
  role: "loss",
  lossGradient: "bce_grad",
  loss: { aliases: ["binary_cross_entropy"], label: targetLabel },
  batched: "never",
  attrs: {},
  inferShape: targetLossShape,
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 8 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
