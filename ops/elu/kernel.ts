// elu: y = x > 0 ? x : α·(eˣ − 1), with eˣ − 1 computed without cancellation
// near 0 (expm1_; the reference uses expm1). A select, not an if/else: the
// branch not taken is computed and discarded, as in every fused kernel.
import { callHelper, call, gt, mul, operand, select } from "../../core/kernel/index.js";
import { numAttr } from "../contract.js";
import { LoweringError, type DerivativeForm, type Lowering, type PointwiseForm } from "../lowering.js";
import { EXPM1_FN } from "../templates/elementwise.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: (c) => {
    const x = operand(0);
    return select(mul(numAttr(c.attrs, "alpha"), callHelper(EXPM1_FN, x)), x, gt(x, 0));
  },
};

/** operand(0) = x, operand(1) = dy: dy where x > 0, else dy·α·eˣ. */
export const derivative: DerivativeForm = (attrs) => {
  if (typeof attrs.alpha !== "number") throw new LoweringError("needs alpha");
  const [t, g] = [operand(0), operand(1)];
  return select(mul(g, attrs.alpha, call("exp", t)), g, gt(t, 0));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
