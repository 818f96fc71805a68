// affine: y = scale·x / divisor + shift as a pointwise formula, so that
// fusion splices it into whatever kernel it joins (a conv's store
// epilogue, a chain of elementwise ops). Parts that do nothing are left
// out of the formula; scale = −1 is a negation, which is exact as the
// multiplication is.
import { add, div, mul, negate, operand, type Expr } from "../../core/kernel/index.js";
import { numAttr } from "../contract.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: (c) => {
    const [scale, divisor, shift] = [numAttr(c.attrs, "scale"), numAttr(c.attrs, "divisor"), numAttr(c.attrs, "shift")];
    let y: Expr = operand(0);
    if (scale === -1) y = negate(y);
    else if (scale !== 1) y = mul(y, scale);
    if (divisor !== 1) y = div(y, divisor);
    if (shift !== 0) y = add(y, shift);
    return y;
  },
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
