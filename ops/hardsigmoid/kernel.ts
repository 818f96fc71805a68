// hardsigmoid: y = min(max(x + 3, 0), 6) / 6, one invocation per element;
// its derivative is dy / 6 strictly inside (−3, 3) and 0 elsewhere (0 at
// both kinks, as PyTorch).
import { add, and, call, div, gt, lt, operand, select } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => div(call("min", call("max", add(operand(0), 3), 0), 6), 6) };

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = () => {
  const x = operand(0);
  return select(0, div(operand(1), 6), and(gt(x, -3), lt(x, 3)));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
