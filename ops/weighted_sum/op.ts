// The training total: Σ w_i·l_i over one or more unbatched scalar losses.
// An unbatched scalar; a multiply and an add per loss.

import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const weightedSum: OpDef = {
  name: "weighted_sum",
  doc: "Weighted sum of scalar losses: the training total.",
  arity: "any",
  role: "loss",
  batched: "never",
  attrs: {
    weights: { type: "floats", min: 0, doc: "one weight per loss, in input order" },
  },
  inferShape(ctx) {
    const weights = ctx.attrs.weights as readonly number[];
    if (weights.length !== ctx.inputs.length) {
      throw new OpError(`${weights.length} weight${weights.length === 1 ? "" : "s"} for ${ctx.inputs.length} loss${ctx.inputs.length === 1 ? "" : "es"}`, `${ctx.inputs.length} weights`);
    }
    ctx.inputs.forEach((s, i) => {
      if (s.length !== 0) throw new OpError(`loss ${i} has shape ${fmt(s)}, but weighted_sum adds scalars`, "scalar losses of shape []");
    });
    return [];
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 2 * ctx.inputs.length }),
  spatial: () => pointwise,
};
