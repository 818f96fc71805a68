// Rectified linear unit, max(x, 0): one comparison per element.

import type { OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const relu: OpDef = {
  name: "relu",
  doc: "max(x, 0), elementwise.",
  ...activationFields(1),
  // A ReLU-family activation: weights start with He's std (see ParamInit).
  heInit: true,
  attrs: {},
  // The mask reads the output: y > 0 exactly where x > 0 (α ≥ 0), so the
  // input need not be kept for the backward pass.
  // unary_grad's cost per element: a compare that selects dy or 0.
  derivative: { flops: 1 },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "relu", alpha: 0 })] }),
};
