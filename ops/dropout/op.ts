// Dropout (inverted, as PyTorch): zeroes elements with probability `rate`
// in training and scales the rest; the identity at inference.

import { noParams, pointwise, type OpDef } from "../contract.js";
import { dropoutAttrs, dropoutShape } from "../shared/dropout.js";

export const dropout: OpDef = {
  name: "dropout",
  doc: "Randomly zeroes elements in training; the identity at inference.",
  arity: 1,
  batched: "always",
  attrs: dropoutAttrs,
  inferShape: dropoutShape,
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
