// Gradient of scale with respect to its weight: Σ dy·x over the batch and
// spatial axes, per channel. Unbatched [C]; a multiply and an add per element.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { channelAxis, expectSame } from "../grad_shared.js";

export const scaleGradWeight: OpDef = {
  name: "scale_grad_weight",
  doc: "Weight gradient of scale: Σ dy·x per channel over batch and spatial.",
  arity: 2,
  role: "backward",
  batched: "never",
  attrs: {},
  inferShape(ctx) {
    const x = expectSame(ctx, 0, 1, ["x", "dy"]);
    return [channelAxis(x, "x", "a per-channel scale")];
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 2 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
