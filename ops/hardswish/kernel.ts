// hardswish: y = x·min(max(x + 3, 0), 6) / 6, one invocation per element.
// Its derivative is 0 for x ≤ −3, dy·(x/3 + 1/2) for −3 < x < 3 and dy for
// x ≥ 3 (PyTorch's choice at the kinks); two selects, not branches.
import { add, call, div, le, lt, mul, operand, select } from "../../core/kernel/index.js";
import type { DerivativeForm, Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: () => {
    const x = operand(0);
    return div(mul(x, call("min", call("max", add(x, 3), 0), 6)), 6);
  },
};

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = () => {
  const [x, dy] = [operand(0), operand(1)];
  return select(select(dy, mul(dy, add(div(x, 3), 0.5)), lt(x, 3)), 0, le(x, -3));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
