// The gradient of a value every sample shares (param): dy summed over the
// batch, keeping every per-sample axis. Unbatched, like the weight
// gradients it is one of; one add per element of dy.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";

export const batchSum: OpDef = {
  name: "batch_sum",
  doc: "Sum of dy over the batch, per-sample shape kept (a param's gradient).",
  arity: 1,
  role: "backward",
  batched: "never",
  attrs: {},
  inferShape: (ctx) => ctx.inputs[0]!,
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
