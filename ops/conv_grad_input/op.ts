// Gradient of conv with respect to its input: the adjoint of the convolution,
// a transposed convolution of dy with the same weight, groups and table.
// It reads the forward weight (role "weight") and does the forward MACs.

import { pointwise, type OpDef } from "../contract.js";
import { inShapeGradShape, inShapeSpec } from "../grad_shared.js";
import { convAttrs, convDataGradCost, convDataGradParams, convShape } from "../shared/conv.js";

export const convGradInput: OpDef = {
  name: "conv_grad_input",
  doc: "Input gradient of conv: dy convolved transposed with the forward weight.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...convAttrs, in_shape: inShapeSpec },
  inferShape: (ctx) => inShapeGradShape(convShape, "conv", ctx),
  params: convDataGradParams,
  cost: convDataGradCost,
  spatial: () => pointwise,
};
