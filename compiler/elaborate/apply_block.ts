// Applying a block to tensors: checks its inputs and parameters, opens a
// frame one level deeper with a child naming scope (its nodes are named
// `instance.node`, its weights owned by the first application so that a
// block applied again shares them), runs its body and takes the value of
// its 'return'. Nesting deeper than MAX_BLOCK_DEPTH ends the whole
// elaboration: a recursion without end.

import type * as A from "../../grammar/ast.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { didYouMeanAttribute } from "../../core/diagnostics/suggest.js";
import { abort, fail, NameScope, where } from "./builder.js";
import { Frame, ReturnSignal, type ElabContext } from "./elab_context.js";
import { evalExpr } from "./evaluate_expr.js";
import { runBody } from "./evaluate_stmt.js";
import { isList, isPoison, isTensor, typeName, type ArgValues, type LayerValue, type TensorValue, type Value } from "./values.js";

/** Deeper block nesting than this is runaway recursion. */
export const MAX_BLOCK_DEPTH = 64;

export function applyBlock(cx: ElabContext, f: LayerValue, decl: A.BlockDecl, tensors: readonly TensorValue[], args: ArgValues, span: Span): Value {
  const outer = cx.currentFrame;
  // An abort: a recursion without a base case that calls itself twice
  // would otherwise fail at this depth in each of 2^64 branches.
  if (outer.depth >= MAX_BLOCK_DEPTH) abort(`blocks nest more than ${MAX_BLOCK_DEPTH} deep (does '${decl.name.name}' call itself without end?)`, span, { expected: "a recursion that stops" });
  if (tensors.length !== decl.inputs.length) {
    fail(`block '${decl.name.name}' takes ${decl.inputs.length} tensor input${decl.inputs.length === 1 ? "" : "s"}, got ${tensors.length}`, span, { expected: `(${decl.inputs.map((i) => i.name).join(", ")})` });
  }
  if (args.positional.length > decl.params.length) {
    fail(`block '${decl.name.name}' takes ${decl.params.length} parameter${decl.params.length === 1 ? "" : "s"}, got ${args.positional.length}`, args.positionalSpans[decl.params.length] ?? span, { expected: `(${decl.params.map((p) => p.name.name).join(", ")})` });
  }
  let scope: NameScope;
  let paramScope: NameScope;
  if (f.boundName !== undefined) {
    scope = outer.scope.child(outer.scope.again(f.boundName.slice(outer.scope.prefix.length)));
    paramScope = new NameScope(f.boundName + ".");
  } else {
    const local = f.name ? outer.scope.claim(f.name, f.span) : f.softName ? outer.scope.soft(f.softName) : outer.scope.auto(decl.name.name);
    scope = outer.scope.child(local);
    paramScope = outer.paramScope.child(local);
    f.boundName = outer.scope.prefix + local;
  }
  const frame = new Frame(scope, paramScope, outer.depth + 1, false);
  for (const k of args.named.keys()) {
    if (!decl.params.some((p) => p.name.name === k)) {
      fail(`block '${decl.name.name}' has no parameter '${k}'`, args.named.get(k)!.span, { expected: decl.params.map((p) => p.name.name).join(", ") || "no parameters", notes: didYouMeanAttribute(k, decl.params.map((p) => p.name.name)) });
    }
  }
  cx.currentFrame = frame;
  try {
    decl.params.forEach((p, i) => {
      const given = i < args.positional.length ? args.positional[i] : args.named.get(p.name.name)?.value;
      if (given !== undefined && i < args.positional.length && args.named.has(p.name.name)) {
        fail(`parameter '${p.name.name}' of block '${decl.name.name}' is given twice`, args.named.get(p.name.name)!.span);
      }
      if (given !== undefined) frame.vars.set(p.name.name, given);
      else if (p.default) frame.vars.set(p.name.name, evalExpr(cx, p.default, frame));
      else fail(`block '${decl.name.name}' needs parameter '${p.name.name}'`, span, { expected: `${p.name.name} = …`, notes: [`note: '${decl.name.name}' is defined at ${where(decl.span)}`] });
    });
    decl.inputs.forEach((inp, i) => frame.vars.set(inp.name, tensors[i]!));
    try {
      runBody(cx, decl.body, frame);
    } catch (e) {
      if (e instanceof ReturnSignal) return checkResult(e.value, decl, span);
      throw e;
    }
    return fail(`block '${decl.name.name}' ends without 'return'`, decl.span, { expected: "return VALUE at the end of the block" });
  } finally {
    cx.currentFrame = outer;
  }
}

function checkResult(v: Value, decl: A.BlockDecl, span: Span): Value {
  if (isPoison(v) || isTensor(v)) return v;
  if (isList(v) && v.items.every((x) => isTensor(x) || isPoison(x))) return v;
  return fail(`block '${decl.name.name}' returns ${typeName(v)}; a block returns a tensor or a tuple of tensors`, span, { expected: "return a tensor" });
}
