// Gradient of layernorm's scale γ: Σ dy·x̂ per feature over the batch and
// every row, x̂ from each row's own statistics (recomputed from x).
// Unbatched [D]. (β's gradient is reduce_axis over the last axis.)
//
// Cost per element, 8: the row mean 1 and variance 3, x̂ 2, multiply and
// add 2. (The kernel recomputes a row's statistics for each feature it
// sums; the count is of the definition, as for every op.)

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { expectSame } from "../grad_shared.js";
import { features, layernormAttrs } from "../shared/layernorm.js";

export const layernormGradWeight: OpDef = {
  name: "layernorm_grad_weight",
  doc: "Gradient of layer norm's scale γ: Σ dy·x̂ per feature over batch and rows.",
  arity: 2,
  role: "backward",
  batched: "never",
  // affine is unused here but accepted, so both gradients take layernorm's attributes.
  attrs: layernormAttrs,
  inferShape(ctx) {
    const x = expectSame(ctx, 0, 1, ["x", "dy"]);
    return [features(x, "x")];
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 8 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
