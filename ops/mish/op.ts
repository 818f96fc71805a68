// Mish (PyTorch's torch.nn.functional.mish), x·tanh(softplus(x)): a smooth,
// non-monotone relu. Counting as elu and softplus do (each compare,
// arithmetic op and transcendental one flop): softplus in its stable form
// max(x, 0) + log1p(e^(−|x|)) is 6, the clamp that keeps tanh's argument
// finite 1, tanh 1 and the multiply 1: 9. unary_grad's
// dy·(t + x·(1 − t²)·σ(x)) with t = tanh(softplus(x)) is t (8, once: the
// same value in all three places), the sigmoid (3, as softplus's derivative
// counts it: exp, add, divide), t·t, a subtract, two multiplies, an add and
// the multiply by dy: 17.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const mish: OpDef = {
  name: "mish",
  doc: "x·tanh(softplus(x)), elementwise: a smooth relu that dips below 0 for negative x.",
  ...activationFields(9),
  attrs: {},
  derivative: { flops: 17 },
  // The derivative is a function of x (the output does not determine x on the negative side), so the input is kept.
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "mish" })] }),
};
