// Gradient of conv with respect to its input: the adjoint of the convolution,
// a transposed convolution of dy with the same weight, groups and table.
// It reads the forward weight (role "weight") and does the forward MACs.

import type { OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { convAttrs, convDataGradCost, convDataGradParams, convShape } from "../shared/conv.js";

export const convGradInput: OpDef = {
  name: "conv_grad_input",
  doc: "Input gradient of conv: dy convolved transposed with the forward weight.",
  ...dataGradFields("conv", convAttrs, convShape),
  params: convDataGradParams,
  cost: convDataGradCost,
};
