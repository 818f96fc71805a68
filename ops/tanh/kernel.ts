// tanh: WGSL's tanh, on an input clamped to ±15 (where tanh is ±1 in f32),
// so an implementation through e^(2x) never sees inf/inf.
import { call, mul, operand, sub } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => call("tanh", call("clamp", operand(0), -15, 15)) };

/** operand(0) = y, operand(1) = dy: dy·(1 − y²). */
export const derivative: DerivativeForm = () => {
  const [t, g] = [operand(0), operand(1)];
  return mul(g, sub(1, mul(t, t)));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
