// silu: y = x·σ(x), with σ the overflow-free sigmoid_ helper; its
// derivative is dy·σ(x)·(1 + x·(1 − σ(x))).
import { add, callHelper, mul, operand, sub } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { SIGMOID_FN } from "../templates/elementwise.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: () => {
    const x = operand(0);
    return mul(x, callHelper(SIGMOID_FN, x));
  },
};

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = () => {
  const [x, g] = [operand(0), operand(1)];
  const s = callHelper(SIGMOID_FN, x);
  return mul(g, s, add(1, mul(x, sub(1, s))));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
