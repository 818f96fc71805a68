// Logistic sigmoid, 1 / (1 + exp(-x)). Counting each arithmetic op and
// transcendental as one flop: negate, exp, add, divide.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const sigmoid: OpDef = {
  name: "sigmoid",
  doc: "1 / (1 + exp(-x)), elementwise.",
  ...activationFields(4),
  attrs: {},
  // σ' = y(1 − y): the rule reads the output, not the input.
  // unary_grad's cost per element: a subtract and two multiplies.
  derivative: { flops: 3 },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "sigmoid", alpha: 0 })] }),
};
