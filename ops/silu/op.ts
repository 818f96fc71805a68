// SiLU (PyTorch's torch.nn.functional.silu), x·σ(x), also called swish: a
// smooth, non-monotone relu. Counting as elu and softplus do (each compare,
// arithmetic op and transcendental one flop, and the logistic sigmoid as
// softplus's derivative counts it: exp, add, divide), the forward is the
// sigmoid and a multiply: 4. unary_grad's dy·σ(x)·(1 + x·(1 − σ(x))) is the
// sigmoid (3, once: the same value in both places), a subtract, a multiply,
// an add and two multiplies: 8.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const silu: OpDef = {
  name: "silu",
  // PyTorch's name is silu; swish is the name of the paper that found it by search.
  aliases: ["swish"],
  doc: "x·sigmoid(x), elementwise (swish): a smooth relu that dips below 0 for negative x.",
  ...activationFields(4),
  attrs: {},
  derivative: { flops: 8 },
  // The derivative needs x itself (y = x·σ(x) does not give σ(x) back at x = 0), so the input is kept.
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "silu" })] }),
};
