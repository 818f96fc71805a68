// Calling a compile-time function `fn NAME(PARAMS) = EXPR`: binds its
// arguments (positional, then keyword, then defaults, which may use earlier
// parameters) in a fresh frame that sees only its parameters and the
// module's declarations, and evaluates its body. A function computes
// numbers, booleans, strings and lists: it takes no tensors and makes no
// layers (evaluate_expr.ts refuses a layer named inside one). Each call
// counts against the statement budget and nesting is bounded, so that a
// recursion without end is one diagnostic, not a hang or a stack overflow.
//
// The body is evaluated through `evaluate` (evalExpr), handed in by the
// caller so that this file and evaluate_expr.ts do not import each other.

import type * as A from "../../grammar/ast.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { didYouMeanAttribute } from "../../core/diagnostics/suggest.js";
import { abort, fail, where } from "./builder.js";
import { Frame, MAX_STEPS, type ElabContext } from "./elab_context.js";
import { isPoison, POISON, toAttr, typeName, type Value } from "./values.js";

/**
 * Deeper nesting of function calls than this is runaway recursion. Higher
 * than blocks' 64: a function may recurse once per list item or digit.
 */
export const MAX_FUNCTION_DEPTH = 256;

/** One argument of a call, evaluated in the caller's frame. */
export interface FunctionArg {
  readonly name?: A.Ident;
  readonly value: Value;
  readonly span: Span;
}

export type Evaluate = (e: A.Expr, frame: Frame) => Value;

export function callFunction(cx: ElabContext, decl: A.FnDecl, args: readonly FunctionArg[], span: Span, evaluate: Evaluate): Value {
  const fname = decl.name.name;
  const defined = `note: '${fname}' is defined at ${where(decl.name.span)}`;
  if (++cx.steps > MAX_STEPS) abort(`elaboration ran more than ${MAX_STEPS} statements and function calls`, span, { expected: "a recursion that calls itself fewer times" });
  // An abort, not a failure: a recursion without a base case that calls
  // itself twice would otherwise fail at this depth in each of 2^256 branches.
  if (cx.functionCalls.length >= MAX_FUNCTION_DEPTH) {
    abort(`function calls nest more than ${MAX_FUNCTION_DEPTH} deep (does '${fname}' call itself without end?)`, span, { expected: "a recursion that stops: a conditional whose base case does not call the function", notes: [defined] });
  }
  const params = decl.params.map((p) => p.name.name);
  const given = new Map<string, Value>();
  let positional = 0;
  for (const a of args) {
    if (isPoison(a.value)) return POISON;
    const target = a.name ? a.name.name : params[positional];
    if (target === undefined) {
      fail(`function '${fname}' takes ${params.length} argument${params.length === 1 ? "" : "s"}, got ${args.filter((x) => !x.name).length}`, a.span, { expected: `(${params.join(", ")})`, notes: [defined] });
    }
    if (a.name) {
      if (!params.includes(target)) fail(`function '${fname}' has no parameter '${target}'`, a.name.span, { expected: params.join(", ") || "no arguments", notes: didYouMeanAttribute(target, params) });
      if (given.has(target)) fail(`argument '${target}' of function '${fname}' is given twice`, a.name.span, { expected: "each argument once" });
    } else positional++;
    // A tensor or layer has no value at compile time: a function computes from numbers, strings and lists.
    if (toAttr(a.value) === undefined) {
      fail(`function '${fname}' got ${typeName(a.value)} for '${target}'; a function computes with numbers, booleans, strings and lists`, a.span, { expected: "a compile-time value such as x.channels or x.shape", notes: [defined] });
    }
    given.set(target, a.value);
  }
  const outer = cx.currentFrame;
  // Same naming scopes as the caller: a function adds no nodes, so they are never used.
  const frame = new Frame(outer.scope, outer.paramScope, outer.depth, false);
  cx.functionCalls.push({ decl, span });
  try {
    for (const p of decl.params) {
      const v = given.get(p.name.name);
      if (v !== undefined) frame.vars.set(p.name.name, v);
      else if (p.default) frame.vars.set(p.name.name, evaluate(p.default, frame));
      else fail(`function '${fname}' needs argument '${p.name.name}'`, span, { expected: `${p.name.name} = …`, notes: [defined] });
    }
    const result = evaluate(decl.body, frame);
    if (!isPoison(result) && toAttr(result) === undefined) {
      fail(`function '${fname}' returns ${typeName(result)}; a function returns a number, boolean, string or list`, decl.body.span, { expected: "a compile-time value" });
    }
    return result;
  } finally {
    cx.functionCalls.pop();
  }
}

/** The diagnostic for a layer or block named inside a function body. */
export function layerInFunction(cx: ElabContext, name: A.Ident, what: string): never {
  const call = cx.functionCalls[cx.functionCalls.length - 1]!;
  const fn = call.decl;
  return fail(`function '${fn.name.name}' uses ${what} '${name.name}'; a function computes a value and cannot make tensors or layers`, name.span, {
    expected: "numbers, booleans, strings, lists, builtins (max, range, …) and other functions",
    notes: [`note: '${fn.name.name}' is called at ${where(call.span)}`, "note: to build layers from parameters, write a block: block NAME(PARAMS) (x) { … }"],
  });
}
