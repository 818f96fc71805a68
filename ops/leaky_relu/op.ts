// Leaky ReLU, x > 0 ? x : alpha·x. Activation counts treat each comparison,
// arithmetic op and transcendental call as one flop: here a compare and a multiply.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const leakyRelu: OpDef = {
  name: "leaky_relu",
  doc: "x for x > 0, alpha·x otherwise, elementwise.",
  ...activationFields(2),
  // A ReLU-family activation: weights start with He's std (see ParamInit).
  heInit: true,
  attrs: {
    alpha: { type: "float", min: 0, default: 0.01, doc: "slope for negative inputs" },
  },
  // The mask reads the output: y > 0 exactly where x > 0 (α ≥ 0), so the
  // input need not be kept for the backward pass.
  // unary_grad's cost per element: compare, multiply.
  derivative: { flops: 2, needsAlpha: true },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "leaky_relu", alpha: g.attrs.alpha! })] }),
};
