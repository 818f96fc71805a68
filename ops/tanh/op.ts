// Hyperbolic tangent, as (exp(2x) - 1) / (exp(2x) + 1). Counting each
// arithmetic op and transcendental as one flop: double, exp, subtract, add, divide.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const tanh: OpDef = {
  name: "tanh",
  doc: "Hyperbolic tangent, elementwise.",
  ...activationFields(5),
  attrs: {},
  // tanh' = 1 − y²: the rule reads the output, not the input.
  // unary_grad's cost per element: a subtract and two multiplies.
  derivative: { flops: 3 },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "tanh", alpha: 0 })] }),
};
