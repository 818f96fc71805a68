// Logistic sigmoid, 1 / (1 + exp(-x)). Counting each arithmetic op and
// transcendental as one flop: negate, exp, add, divide.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";

export const sigmoid: OpDef = {
  name: "sigmoid",
  doc: "1 / (1 + exp(-x)), elementwise.",
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: (ctx) => ctx.inputs[0]!,
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 4 * elementCount(out) }),
  spatial: () => pointwise,
  // σ' = y(1 − y): the rule reads the output, not the input.
  // unary_grad's cost per element: a subtract and two multiplies.
  derivative: { flops: 3 },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "sigmoid", alpha: 0 })] }),
};
