// Hard sigmoid, relu6(x + 3) / 6 = min(max(x + 3, 0), 6) / 6: a piecewise
// linear sigmoid (PyTorch's hardsigmoid, MobileNetV3's gate). Counting as
// elu does (each compare, arithmetic op and transcendental one flop): add,
// max, min and divide, 4.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const hardsigmoid: OpDef = {
  name: "hardsigmoid",
  doc: "relu6(x + 3) / 6, elementwise: 0 below −3, 1 above 3, linear between.",
  ...activationFields(4),
  attrs: {},
  // unary_grad's cost per element: two compares and a divide (dy / 6).
  derivative: { flops: 3 },
  // The input is kept: y rounds to 0 or 1 a little inside (−3, 3) in f32,
  // so a mask on y would not be the mask on x. At x = ±3 the gradient is
  // 0, as PyTorch's autograd gives it.
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "hardsigmoid" })] }),
};
