// Exponential linear unit, x > 0 ? x : alpha·(exp(x) - 1). Counting each
// compare, arithmetic op and transcendental as one flop, with exp(x) - 1 as
// one expm1 call: compare, expm1, multiply.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const elu: OpDef = {
  name: "elu",
  doc: "x for x > 0, alpha·(exp(x) - 1) otherwise, elementwise.",
  ...activationFields(3),
  // A ReLU-family activation: weights start with He's std (see ParamInit).
  heInit: true,
  attrs: {
    alpha: { type: "float", default: 1.0, doc: "value approached for large negative inputs is -alpha" },
  },
  // unary_grad's cost per element: compare, exp, two multiplies.
  derivative: { flops: 4, needsAlpha: true },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "elu", alpha: g.attrs.alpha! })] }),
};
