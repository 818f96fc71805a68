// relu: y = max(x, 0), one invocation per element; its derivative passes dy
// where x > 0.
import { call, gt, operand, select } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => call("max", operand(0), 0) };

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = () => select(0, operand(1), gt(operand(0), 0));

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
