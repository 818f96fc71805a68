// leaky_relu: y = x > 0 ? x : α·x, one invocation per element.
import { gt, mul, operand, select } from "../../core/kernel/index.js";
import { numAttr } from "../contract.js";
import { LoweringError, type DerivativeForm, type Lowering, type PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: (c) => {
    const x = operand(0);
    return select(mul(numAttr(c.attrs, "alpha"), x), x, gt(x, 0));
  },
};

/** operand(0) = x, operand(1) = dy: dy where x > 0, else dy·α. */
export const derivative: DerivativeForm = (attrs) => {
  if (typeof attrs.alpha !== "number") throw new LoweringError("needs alpha");
  const [t, g] = [operand(0), operand(1)];
  return select(mul(g, attrs.alpha), g, gt(t, 0));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
