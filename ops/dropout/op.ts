// Dropout (inverted, as PyTorch): zeroes elements with probability `rate`
// in training and scales the rest; the identity at inference.

import { noParams, OpError, numAttr, pointwise, type OpDef } from "../contract.js";

export const dropout: OpDef = {
  name: "dropout",
  doc: "Randomly zeroes elements in training; the identity at inference.",
  arity: 1,
  batched: "always",
  attrs: {
    rate: { type: "float", aliases: ["p"], min: 0, default: 0.5, doc: "probability of zeroing an element, below 1" },
  },
  inferShape(ctx) {
    const rate = numAttr(ctx.attrs, "rate");
    // rate 1 would divide the kept elements by 1 - rate = 0.
    if (rate >= 1) throw new OpError(`rate ${rate} would drop every element`, "a rate in [0, 1)");
    return ctx.inputs[0]!;
  },
  params: noParams,
  // Costs are counted for inference, where dropout does nothing.
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
  // Inverted dropout with the mask kept as a value, for the gradient; a seed per node.
  trainingForm: (t) => {
    const maskSeed = (Math.imul(t.seed + 1, 0x9e3779b1) ^ Math.imul(t.node.id + 1, 0x85ebca6b)) >>> 1;
    const mask = t.emit("dropout_mask", t.inputs, { rate: t.node.attrs.rate!, seed: maskSeed }, { suffix: "mask" });
    return { value: t.emit("mul", [t.inputs[0]!, mask], {}), aux: { mask } };
  },
  // In training the graph holds dropout as x · mask (docs/autodiff.md), so
  // the gradient is dy · mask with the same stored mask.
  grad: (g) => ({ inputs: [g.emit("mul", [g.dy, g.aux("mask")], {})] }),
};
