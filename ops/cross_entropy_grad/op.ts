// Gradient of the weighted total through cross_entropy with respect to the
// logits: weight·(softmax(logits) − q)/(N·E), E = H·W (1 for [K] logits),
// N the batch. Batched, the logits' shape. Per element: softmax 4, subtract
// q and scale 2: 6.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { classInputs, lossWeightSpec } from "../grad_shared.js";
import { smoothingSpec } from "../shared/loss_attrs.js";

export const crossEntropyGrad: OpDef = {
  name: "cross_entropy_grad",
  doc: "Gradient of weight·cross_entropy with respect to the logits.",
  arity: 2,
  batched: "always",
  role: "loss",
  attrs: { smoothing: smoothingSpec, weight: lossWeightSpec },
  inferShape(ctx) {
    classInputs(ctx);
    return ctx.inputs[0]!;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 6 * elementCount(out) }),
  spatial: () => pointwise,
};
