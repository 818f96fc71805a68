// sigmoid: y = 1/(1 + e^(−x)), as eˣ/(1 + eˣ) for x < 0 (no overflow).
import { callHelper, mul, operand, sub } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { SIGMOID_FN } from "../templates/elementwise.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => callHelper(SIGMOID_FN, operand(0)) };

/** operand(0) = y, operand(1) = dy: dy·y·(1 − y). */
export const derivative: DerivativeForm = () => {
  const [t, g] = [operand(0), operand(1)];
  return mul(g, t, sub(1, t));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
