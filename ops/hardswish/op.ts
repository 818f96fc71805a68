// Hard swish, x·relu6(x + 3) / 6 = x·min(max(x + 3, 0), 6) / 6: a piecewise
// quadratic swish (PyTorch's hardswish, MobileNetV3's activation). Counting
// as elu does (each compare, arithmetic op and transcendental one flop):
// add, max, min, multiply and divide, 5.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const hardswish: OpDef = {
  name: "hardswish",
  doc: "x·relu6(x + 3) / 6, elementwise: 0 below −3, x above 3, x·(x + 3)/6 between.",
  ...activationFields(5),
  attrs: {},
  // unary_grad's cost per element: two compares, then dy·(x/3 + 1/2): a
  // divide, an add and a multiply.
  derivative: { flops: 5 },
  // The derivative needs x itself (x/3 + 1/2), so the input is kept. At the
  // kinks it is PyTorch's: 0 at x = −3, dy at x = 3.
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "hardswish" })] }),
};
