// Gradient of prelu with respect to its slopes: Σ dy·x·[x≤0] over the batch
// and every position (per channel with per_channel). Unbatched [1] or [C].
// A compare, a multiply and an add per element.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { preluAttrs, slopes } from "../shared/prelu.js";

export const preluGradWeight: OpDef = {
  name: "prelu_grad_weight",
  doc: "Slope gradient of prelu: Σ dy·x where x ≤ 0, shared or per channel.",
  arity: 2,
  role: "backward",
  batched: "never",
  attrs: { ...preluAttrs },
  inferShape: (ctx) => [slopes(ctx)],
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 3 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
