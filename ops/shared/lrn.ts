// lrn's attributes, shared by lrn (ops/lrn/) and lrn_grad.

import type { AttrSpec } from "../contract.js";

export const lrnAttrs: Readonly<Record<string, AttrSpec>> = {
  size: { type: "int", min: 1, default: 5, doc: "number of neighbouring channels" },
  alpha: { type: "float", default: 1e-4, doc: "scale of the sum of squares" },
  beta: { type: "float", default: 0.75, doc: "exponent" },
  // The AlexNet paper's value; PyTorch defaults k to 1.
  k: { type: "float", default: 2, doc: "additive constant" },
};
