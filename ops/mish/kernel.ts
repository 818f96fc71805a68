// mish: y = x·tanh(softplus(x)). softplus is max(x, 0) + log1p(e^(−|x|)),
// the stable form that neither overflows for large x nor loses digits for
// very negative x; it is never negative, and tanh of it is 1 in f32 from
// about 9 on, so it is capped at 15 (as ops/tanh clamps to ±15) and a tanh
// implemented through e^(2v) never sees inf/inf. The derivative is
// dy·(t + x·(1 − t²)·σ(x)) with t = tanh(softplus(x)), since softplus' = σ.
import { add, call, callHelper, mul, negate, operand, sub, type Expr } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { LOG1P_FN, SIGMOID_FN } from "../templates/elementwise.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

/** tanh(softplus(x)) for the expression x. */
function tanhSoftplus(x: Expr): Expr {
  const softplus = add(call("max", x, 0), callHelper(LOG1P_FN, call("exp", negate(call("abs", x)))));
  return call("tanh", call("min", softplus, 15));
}

export const pointwise: PointwiseForm = {
  expr: () => {
    const x = operand(0);
    return mul(x, tanhSoftplus(x));
  },
};

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = () => {
  const [x, g] = [operand(0), operand(1)];
  const t = tanhSoftplus(x);
  return mul(g, add(t, mul(x, sub(1, mul(t, t)), callHelper(SIGMOID_FN, x))));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
