// Softplus, log(1 + eˣ): a smooth relu. Counting as elu does (each compare,
// arithmetic op and transcendental one flop), the stable form
// max(x, 0) + log1p(e^(−|x|)) is max, abs, negate, exp, log1p and add: 6.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const softplus: OpDef = {
  name: "softplus",
  doc: "log(1 + exp(x)), elementwise: a smooth relu.",
  ...activationFields(6),
  attrs: {},
  // unary_grad's cost per element: the sigmoid (exp, add, divide) and a multiply.
  derivative: { flops: 4 },
  // The derivative is the logistic sigmoid of the input, so the input is kept.
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "softplus" })] }),
};
