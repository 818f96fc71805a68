// Arithmetic on tensors: what `+ - * /` and unary minus make when a tensor
// is involved (docs/language.md, "Tensor arithmetic"). Two tensors: `+` is
// add, `-` sub (same shapes), `*` mul (channel-first broadcast); `/` is
// refused. A tensor and a number: one `affine` node, y = scale·x / divisor
// + shift, with the number as a constant (`x / 6` a true division by 6,
// not a multiplication by 1/6). Arithmetic on two numbers stays in
// evaluate_expr.ts, folded at compile time.

import type * as A from "../../grammar/ast.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { fail } from "./builder.js";
import type { ElabContext } from "./elab_context.js";
import { applyOp } from "./apply_layer.js";
import { isTensor, type TensorValue, type Value } from "./values.js";

/** affine's attributes in positional order: scale, shift, divisor. */
function affine(cx: ElabContext, x: TensorValue, span: Span, name: A.Ident | undefined, { scale = 1, shift = 0, divisor = 1 }: { scale?: number; shift?: number; divisor?: number }): TensorValue {
  return applyOp(cx, "affine", [x], span, name, [scale, shift, divisor]);
}

/** `-x` for a tensor x. */
export function negateTensor(cx: ElabContext, x: TensorValue, span: Span, name?: A.Ident): TensorValue {
  return affine(cx, x, span, name, { scale: -1 });
}

/**
 * `l op r` where one side is a tensor and the other a tensor or a number;
 * undefined where the operator has no meaning on tensors (comparisons,
 * `//`, `%`, `**`), which the caller reports.
 */
export function tensorArithmetic(cx: ElabContext, e: A.BinaryExpr, l: Value, r: Value, name?: A.Ident): Value | undefined {
  if (isTensor(l) && isTensor(r)) {
    switch (e.op) {
      case "+": return applyOp(cx, "add", [l, r], e.span, name);
      case "-": return applyOp(cx, "sub", [l, r], e.span, name);
      case "*": return applyOp(cx, "mul", [l, r], e.span, name);
      case "/":
        return fail(`'/' does not apply to two tensors`, e.opSpan, { expected: "a tensor divided by a number (x / 6); there is no elementwise division of tensors" });
    }
    return undefined;
  }
  if (isTensor(l) && typeof r === "number") {
    switch (e.op) {
      case "+": return affine(cx, l, e.span, name, { shift: r });
      case "-": return affine(cx, l, e.span, name, { shift: -r });
      case "*": return affine(cx, l, e.span, name, { scale: r });
      case "/": return r === 0 ? fail(`division by zero`, e.right.span, { expected: "a non-zero divisor" }) : affine(cx, l, e.span, name, { divisor: r });
    }
    return undefined;
  }
  if (typeof l === "number" && isTensor(r)) {
    switch (e.op) {
      case "+": return affine(cx, r, e.span, name, { shift: l });
      case "-": return affine(cx, r, e.span, name, { scale: -1, shift: l });
      case "*": return affine(cx, r, e.span, name, { scale: l });
      case "/":
        return fail(`'/' does not apply to a number and a tensor`, e.opSpan, { expected: "a tensor divided by a number (x / 6); a number divided by a tensor is not supported" });
    }
  }
  return undefined;
}
