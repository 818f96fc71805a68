// The identity in the forward pass that lets no gradient through (as
// tf.stop_gradient and torch's detach): what feeds it does not train
// through this path, and autodiff prunes what only this path needed.

import { noParams, pointwise, type OpDef } from "../contract.js";

export const stopGradient: OpDef = {
  name: "stop_gradient",
  aliases: ["detach"],
  doc: "Identity forward; no gradient flows back through it (what only this path needed does not train).",
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: (ctx) => ctx.inputs[0]!,
  params: noParams,
  // A copy, or nothing once fused: no arithmetic.
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
  grad: () => ({ inputs: [undefined] }),
};
