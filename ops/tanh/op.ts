// Hyperbolic tangent, as (exp(2x) - 1) / (exp(2x) + 1). Counting each
// arithmetic op and transcendental as one flop: double, exp, subtract, add, divide.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";

export const tanh: OpDef = {
  name: "tanh",
  doc: "Hyperbolic tangent, elementwise.",
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: (ctx) => ctx.inputs[0]!,
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 5 * elementCount(out) }),
  spatial: () => pointwise,
  // tanh' = 1 − y²: the rule reads the output, not the input.
  // unary_grad's cost per element: a subtract and two multiplies.
  derivative: { flops: 3 },
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.y, g.dy], { fn: "tanh", alpha: 0 })] }),
};
