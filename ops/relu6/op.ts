// ReLU6, min(max(x, 0), 6): a relu clipped at 6 (PyTorch's relu6,
// MobileNet's activation). Counting as elu does (each compare, arithmetic op
// and transcendental one flop): max and min, 2.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const relu6: OpDef = {
  name: "relu6",
  doc: "min(max(x, 0), 6), elementwise: a relu clipped at 6.",
  ...activationFields(2),
  // A ReLU-family activation: weights start with He's std (see ParamInit).
  heInit: true,
  attrs: {},
  // unary_grad's cost per element: two compares that select dy or 0.
  derivative: { flops: 2 },
  // The mask reads the output: 0 < y < 6 exactly where 0 < x < 6 (y is x
  // there, unrounded), so the input need not be kept for the backward pass.
  // At the kinks (x = 0 and x = 6) the gradient is 0, as PyTorch's autograd
  // gives it (relu6 is hardtanh(x, 0, 6), whose backward passes dy only
  // strictly inside the interval).
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "relu6" })] }),
};
