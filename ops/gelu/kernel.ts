// gelu, as expression trees fusion can absorb.
// "none": y = x·Φ(x) with Φ(x) = erfc(−x/√2)/2 (ops/templates/erf.ts),
// rather than (1 + erf(x/√2))/2, which cancels to nothing for very
// negative x; erfc keeps the left tail relatively accurate.
// "tanh": y = x·σ(v) with v = 2·√(2/π)·(x + 0.044715·x³), which is
// PyTorch's 0.5·x·(1 + tanh(v/2)) since (1 + tanh(u))/2 = σ(2u); the
// sigmoid (sigmoid_) neither overflows nor cancels for very negative x,
// where 1 + tanh does.
// Derivatives (operand(0) = x, operand(1) = dy; unary_grad's `variant`
// attribute, set by gelu's gradient rule, picks the form):
// "none": Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π);
// "tanh": σ(v) + x·σ(v)·σ(−v)·v′, v′ = 2·√(2/π)·(1 + 3·0.044715·x²)
// (σ′ = σ(v)·σ(−v), without the cancellation of 1 − σ(v)).
import { add, call, callHelper, mul, negate, operand, type Expr } from "../../core/kernel/index.js";
import type { Attrs } from "../../core/ir/graph.js";
import { LoweringError, type DerivativeForm, type Lowering, type PointwiseForm } from "../lowering.js";
import { ERFC_FN } from "../templates/erf.js";
import { SIGMOID_FN } from "../templates/elementwise.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";
import { geluForm } from "./op.js";

/** 2·√(2/π), the slope of v at 0. */
const C1 = 2 * Math.sqrt(2 / Math.PI);
/** 2·√(2/π)·0.044715, v's cubic coefficient. */
const C2 = C1 * 0.044715;

/** Φ(x) = erfc(−x/√2)/2. */
const cdf = (x: Expr): Expr => mul(0.5, callHelper(ERFC_FN, mul(x, -Math.SQRT1_2)));

/** v = x·(C1 + C2·x²), twice the tanh form's argument. */
const tanhArg = (x: Expr): Expr => mul(x, add(C1, mul(C2, x, x)));

/** The form named by `attrs[key]`, or a LoweringError. */
function formOf(attrs: Attrs, key: string): "none" | "tanh" {
  const form = geluForm(attrs[key]);
  if (!form) throw new LoweringError(`needs ${key} "none" or "tanh", not ${JSON.stringify(attrs[key])}`);
  return form;
}

export const pointwise: PointwiseForm = {
  expr: (c) => {
    const x = operand(0);
    return formOf(c.attrs, "approximate") === "tanh" ? mul(x, callHelper(SIGMOID_FN, tanhArg(x))) : mul(x, cdf(x));
  },
};

/** operand(0) = x, operand(1) = dy. */
export const derivative: DerivativeForm = (attrs) => {
  const [x, dy] = [operand(0), operand(1)];
  if (formOf(attrs, "variant") === "tanh") {
    const v = tanhArg(x);
    const slope = add(C1, mul(3 * C2, x, x));
    return mul(dy, add(callHelper(SIGMOID_FN, v), mul(x, callHelper(SIGMOID_FN, v), callHelper(SIGMOID_FN, negate(v)), slope)));
  }
  return mul(dy, add(cdf(x), mul(x, 1 / Math.sqrt(2 * Math.PI), call("exp", mul(x, x, -0.5)))));
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
