// relu6: y = min(max(x, 0), 6), one invocation per element; its derivative
// passes dy where 0 < y < 6 (the open interval: 0 at both kinks, as PyTorch).
import { and, call, gt, lt, operand, select } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => call("min", call("max", operand(0), 0), 6) };

/** operand(0) = y, operand(1) = dy. */
export const derivative: DerivativeForm = () => {
  const y = operand(0);
  return select(0, operand(1), and(gt(y, 0), lt(y, 6)));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
