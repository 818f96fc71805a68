// softplus: y = max(x, 0) + log1p(e^(−|x|)), which is log(1 + eˣ) without
// overflow for large x and without losing digits for very negative x; its
// derivative is dy·σ(x).
import { add, call, callHelper, mul, negate, operand } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { LOG1P_FN, SIGMOID_FN } from "../templates/elementwise.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: () => {
    const x = operand(0);
    return add(call("max", x, 0), callHelper(LOG1P_FN, call("exp", negate(call("abs", x)))));
  },
};

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = () => mul(operand(1), callHelper(SIGMOID_FN, operand(0)));

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
