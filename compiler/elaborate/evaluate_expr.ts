// Expressions, evaluated at compile time: literals, names (variables, then
// blocks, ops and builtins; a forward reference runs its assignment early),
// arithmetic and comparisons folded on numbers, lists and strings,
// arithmetic on tensors as nodes (tensor_arith.ts), tensor members (shape,
// channels, …), indexing, conditionals, `as NAME`, calls and the `|>`
// pipeline. Calls and pipes hand layers and their arguments to
// apply_layer.ts, and calls of compile-time functions (`fn`) to
// call_function.ts; inside a function's body, naming a layer or block is
// an error.

import type * as A from "../../grammar/ast.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { didYouMean } from "../../core/diagnostics/suggest.js";
import { formatShape } from "../../core/ir/graph.js";
import { lookupOp, opNames } from "../../ops/registry.js";
import { fail, where } from "./builder.js";
import { builtins, MAX_RANGE } from "./builtins.js";
import type { ElabContext, Frame } from "./elab_context.js";
import { missingImportNotes } from "./std_hint.js";
import { invokeLayer } from "./apply_layer.js";
import { callFunction, layerInFunction } from "./call_function.js";
import { negateTensor, tensorArithmetic } from "./tensor_arith.js";
import { isLayer, isList, isPoison, isTensor, POISON, show, toAttr, typeName, type ArgValues, type LayerValue, type TensorValue, type Value } from "./values.js";

/** The value of `e` in `frame`; `name` is an `as NAME` that applies to the layer `e` makes. */
export function evalExpr(cx: ElabContext, e: A.Expr, frame: Frame, name?: A.Ident): Value {
  switch (e.kind) {
    case "number":
    case "string":
    case "bool":
      return e.value;
    case "ident": {
      const v = lookupName(cx, e, frame);
      return name ? nameLayer(v, name, e.span) : v;
    }
    case "list":
    case "tuple":
      return { kind: "list", items: e.items.map((i) => evalExpr(cx, i, frame)) };
    case "unary": {
      const v = evalExpr(cx, e.operand, frame);
      if (isPoison(v)) return v;
      if (e.op === "-" && typeof v === "number") return -v;
      if (e.op === "-" && isTensor(v)) return negateTensor(cx, v, e.span, name);
      if (e.op === "!" && typeof v === "boolean") return !v;
      return fail(`'${e.op}' does not apply to ${typeName(v)}`, e.span, { expected: e.op === "-" ? "a number or a tensor" : "a boolean" });
    }
    case "binary":
      return evalBinary(cx, e, frame, name);
    case "ternary": {
      const c = evalExpr(cx, e.cond, frame);
      if (isPoison(c)) return c;
      if (typeof c !== "boolean") fail(`a conditional needs a boolean condition, got ${typeName(c)}`, e.cond.span, { expected: "a comparison such as stride == 1" });
      return evalExpr(cx, c ? e.then : e.else, frame, name);
    }
    case "call":
      return evalCall(cx, e, frame, [], name);
    case "pipe":
      return evalPipe(cx, e, frame, name);
    case "member":
      return evalMember(cx, e, frame);
    case "index": {
      const o = evalExpr(cx, e.object, frame);
      const i = evalExpr(cx, e.index, frame);
      if (isPoison(o) || isPoison(i)) return POISON;
      if (!isList(o)) fail(`cannot index ${typeName(o)}`, e.object.span, { expected: "a list" });
      if (typeof i !== "number" || !Number.isInteger(i)) fail(`a list index must be an integer, got ${show(i)}`, e.index.span, { expected: "an integer" });
      const k = i < 0 ? o.items.length + i : i;
      if (k < 0 || k >= o.items.length) fail(`index ${i} is out of range for a list of ${o.items.length}`, e.index.span, { expected: `an index from ${-o.items.length} to ${o.items.length - 1}` });
      return o.items[k]!;
    }
    case "named":
      if (name) fail(`'${e.name.name}' gives a second name to a layer already named '${name.name}'`, e.name.span, { expected: "one 'as' per layer" });
      return evalExpr(cx, e.expr, frame, e.name);
  }
}

/** A name's value: a variable (run early if assigned later), else a block, op or builtin as a layer. */
export function lookupName(cx: ElabContext, id: A.Ident, frame: Frame): Value {
  const v = findName(cx, id, frame);
  cx.trace?.named(id.span, v);
  return v;
}

function findName(cx: ElabContext, id: A.Ident, frame: Frame): Value {
  const v = frame.vars.get(id.name);
  if (v !== undefined) return v;
  const d = frame.deferred;
  const early = d?.stmts.get(id.name);
  if (d && early) {
    const state = d.state.get(id.name);
    if (state === "running") {
      const cycle = [...d.running.slice(d.running.indexOf(id.name)), id.name];
      fail(`cycle: ${cycle.join(" → ")}`, early.span, { expected: "an acyclic network: each value may depend only on values that do not depend on it", notes: [`note: '${id.name}' is used at ${where(id.span)}`] });
    }
    if (state === undefined) {
      d.runEarly(id.name, early);
      const now = frame.vars.get(id.name);
      if (now !== undefined) return now;
    }
  }
  const fn = cx.module.functions.get(id.name);
  if (fn) fail(`function '${id.name}' must be called: ${id.name}(…)`, id.span, { expected: `${id.name}(${fn.params.map((p) => p.name.name).join(", ")})` });
  // Inside a function only values exist: a block or layer named there could only make tensors.
  if (cx.functionCalls.length > 0 && cx.module.blocks.has(id.name)) layerInFunction(cx, id, "block");
  if (cx.module.blocks.has(id.name)) return layerOf({ kind: "block", decl: cx.module.blocks.get(id.name)! }, id.span);
  const op = lookupOp(id.name);
  if (op && op.name !== "input" && cx.functionCalls.length > 0) layerInFunction(cx, id, "layer");
  if (op && op.name !== "input") return layerOf({ kind: "op", op }, id.span);
  if (id.name in builtins) return layerOf({ kind: "builtin", name: id.name }, id.span);
  if (d?.assigned.has(id.name)) {
    fail(`'${id.name}' is used before it is assigned`, id.span, { expected: "an assignment to it earlier in the body (only names assigned exactly once may be used before their definition)" });
  }
  const known = [...frame.vars.keys(), ...(d?.stmts.keys() ?? []), ...cx.module.blocks.keys(), ...cx.module.functions.keys(), ...opNames().filter((n) => n !== "input"), ...Object.keys(builtins)];
  // A block of a std module not imported is a surer guess than a near spelling.
  const imports = missingImportNotes(id.name);
  fail(`unknown name '${id.name}'`, id.span, { expected: "a variable, block, layer or function defined before this point", notes: imports.length ? imports : didYouMean(id.name, known) });
}

function layerOf(callee: LayerValue["callee"], span: Span, args?: ArgValues): LayerValue {
  return { kind: "layer", callee, args: args ?? { positional: [], named: new Map(), positionalSpans: [] }, span };
}

/** The layer `v` named by `as NAME`. */
function nameLayer(v: Value, name: A.Ident, span: Span): Value {
  if (isPoison(v)) return v;
  if (!isLayer(v) || v.callee.kind === "builtin") fail(`'as ${name.name}' names a layer, but this is ${typeName(v)}`, span, { expected: "a layer call such as conv(64, k=3) as conv1" });
  return { ...v, name: name.name, span: name.span };
}

function evalMember(cx: ElabContext, e: A.MemberExpr, frame: Frame): Value {
  const o = evalExpr(cx, e.object, frame);
  if (isPoison(o)) return o;
  const m = e.member.name;
  if (isTensor(o)) {
    const shape = cx.builder.nodes[o.node]!.shape;
    const spatial = (i: number) => {
      if (shape.length !== 3) fail(`'.${m}' needs a [C, H, W] tensor, this one is ${formatShape(shape)}`, e.span, { expected: "a feature map" });
      return shape[i]!;
    };
    switch (m) {
      case "shape":
        return { kind: "list", items: [...shape] };
      case "rank":
        return shape.length;
      case "channels":
        return shape[0] ?? 1;
      case "height":
        return spatial(1);
      case "width":
        return spatial(2);
    }
    fail(`a tensor has no member '${m}'`, e.member.span, { expected: "shape, rank, channels, height or width", notes: didYouMean(m, ["shape", "rank", "channels", "height", "width"]) });
  }
  if (isList(o) && m === "length") return o.items.length;
  return fail(`${typeName(o)} has no member '${m}'`, e.member.span, { expected: isList(o) ? "length" : "a tensor's shape, rank, channels, height or width" });
}

function evalBinary(cx: ElabContext, e: A.BinaryExpr, frame: Frame, name?: A.Ident): Value {
  if (e.op === "&&" || e.op === "||") {
    const l = evalExpr(cx, e.left, frame);
    if (isPoison(l)) return l;
    if (typeof l !== "boolean") fail(`'${e.op}' needs booleans, got ${typeName(l)}`, e.left.span, { expected: "a boolean" });
    if (e.op === "&&" ? !l : l) return l;
    const r = evalExpr(cx, e.right, frame);
    if (isPoison(r)) return r;
    if (typeof r !== "boolean") fail(`'${e.op}' needs booleans, got ${typeName(r)}`, e.right.span, { expected: "a boolean" });
    return r;
  }
  const l = evalExpr(cx, e.left, frame);
  const r = evalExpr(cx, e.right, frame);
  if (isPoison(l) || isPoison(r)) return POISON;
  if (isTensor(l) || isTensor(r)) {
    const v = tensorArithmetic(cx, e, l, r, name);
    if (v !== undefined) return v;
  }
  if (e.op === "==" || e.op === "!=") {
    const same = JSON.stringify(toAttr(l) ?? show(l)) === JSON.stringify(toAttr(r) ?? show(r));
    return e.op === "==" ? same : !same;
  }
  if (typeof l === "number" && typeof r === "number") return arith(e, l, r);
  // Doubling a list or string in a loop grows it exponentially: the same bound as range() stops it.
  if (e.op === "+" && typeof l === "string" && typeof r === "string") {
    if (l.length + r.length > MAX_RANGE) fail(`a string of ${l.length + r.length} characters is too long`, e.span, { expected: `at most ${MAX_RANGE} characters` });
    return l + r;
  }
  if (e.op === "+" && isList(l) && isList(r)) {
    if (l.items.length + r.items.length > MAX_RANGE) fail(`a list of ${l.items.length + r.items.length} items is too long`, e.span, { expected: `at most ${MAX_RANGE} items` });
    return { kind: "list", items: l.items.concat(r.items) };
  }
  const hint = isTensor(l) || isTensor(r) ? "+, -, * or / with a tensor (docs/language.md, Tensor arithmetic), or two numbers" : "two numbers";
  return fail(`'${e.op}' does not apply to ${typeName(l)} and ${typeName(r)}`, e.opSpan, { expected: hint });
}

/** Arithmetic and ordering on two numbers. */
function arith(e: A.BinaryExpr, l: number, r: number): Value {
  const zero = () => fail(`division by zero`, e.right.span, { expected: "a non-zero divisor" });
  switch (e.op) {
    case "+": return l + r;
    case "-": return l - r;
    case "*": return l * r;
    case "/": return r === 0 ? zero() : l / r;
    case "//": return r === 0 ? zero() : Math.floor(l / r);
    case "%": return r === 0 ? zero() : ((l % r) + r) % r;
    case "**": return l ** r;
    case "<": return l < r;
    case "<=": return l <= r;
    case ">": return l > r;
    case ">=": return l >= r;
  }
  return fail(`'${e.op}' does not apply to numbers`, e.opSpan);
}

function evalPipe(cx: ElabContext, e: A.PipeExpr, frame: Frame, name?: A.Ident): Value {
  const left = evalExpr(cx, e.left, frame);
  if (isPoison(left)) return left;
  const tensors = isTensor(left) ? [left] : isList(left) && left.items.length > 0 && left.items.every(isTensor) ? (left.items as TensorValue[]) : undefined;
  if (!tensors) fail(`the left side of '|>' must be a tensor or a list of tensors, got ${typeName(left)}`, e.left.span, { expected: "a tensor" });
  let right = e.right;
  let rname = name;
  if (right.kind === "named") {
    if (name) fail(`'${right.name.name}' gives a second name to a layer already named '${name.name}'`, right.name.span);
    rname = right.name;
    right = right.expr;
  }
  if (right.kind === "call") return evalCall(cx, right, frame, tensors, rname);
  const f = evalExpr(cx, right, frame, rname);
  if (isPoison(f)) return f;
  if (!isLayer(f)) fail(`the right side of '|>' must be a layer, got ${typeName(f)}`, right.span, { expected: "a layer such as relu or conv(64, k=3)" });
  return invokeLayer(cx, f, tensors, { positional: [], named: new Map(), positionalSpans: [] }, e.span);
}

/**
 * An assignment's value. A layer of no tensor inputs called right there
 * (`pos = param([197, 768])`) makes its node during the call, before the
 * assignment could name a layer value, so the variable's name is handed to
 * the call: the node is `pos` and its weight `pos.weight`, as a layer value
 * bound to a variable is named after it.
 */
export function evalAssigned(cx: ElabContext, e: A.Expr, frame: Frame, target: string): Value {
  if (e.kind === "call" && !functionNamed(cx, e.callee, frame)) return evalCall(cx, e, frame, [], undefined, target);
  return evalExpr(cx, e, frame);
}

/**
 * A call `f(args)`, with the tensors piped into it (if any) before its
 * arguments; `softName`: the variable it is assigned to, which names a
 * zero-input layer unless `as` does (evalAssigned).
 */
function evalCall(cx: ElabContext, e: A.CallExpr, frame: Frame, piped: readonly TensorValue[], name?: A.Ident, softName?: string): Value {
  const fn = functionNamed(cx, e.callee, frame);
  if (fn) return evalFunctionCall(cx, fn, e, frame, piped, name);
  let callee = lookupName(cx, e.callee, frame);
  if (isPoison(callee)) return callee;
  if (!isLayer(callee)) fail(`'${e.callee.name}' is ${typeName(callee)}, not something to call`, e.callee.span, { expected: "a layer, block or function" });
  if (name) callee = nameLayer(callee, name, name.span) as LayerValue;
  else if (softName !== undefined && callee.callee.kind === "op" && callee.callee.op.arity === 0 && callee.name === undefined && callee.boundName === undefined && callee.softName === undefined) {
    callee = { ...callee, softName };
  }
  const positional: Value[] = [];
  const positionalSpans: Span[] = [];
  const named = new Map<string, { value: Value; span: Span }>();
  for (const a of e.args) {
    const v = evalExpr(cx, a.value, frame);
    if (isPoison(v)) return v;
    if (a.name) {
      if (named.has(a.name.name)) fail(`argument '${a.name.name}' is given twice`, a.name.span, { expected: "each argument once" });
      named.set(a.name.name, { value: v, span: a.span });
    } else {
      if (named.size > 0) fail("a positional argument follows a keyword argument", a.span, { expected: "positional arguments first" });
      positional.push(v);
      positionalSpans.push(a.span);
    }
  }
  return invokeLayer(cx, callee, piped, { positional, named, positionalSpans }, e.span);
}

/** The function a call names, unless a variable of that name hides it. */
function functionNamed(cx: ElabContext, callee: A.Ident, frame: Frame): A.FnDecl | undefined {
  if (frame.vars.has(callee.name) || frame.deferred?.assigned.has(callee.name)) return undefined;
  return cx.module.functions.get(callee.name);
}

/** `f(args)` for a compile-time function: its arguments are evaluated here, in the caller's frame. */
function evalFunctionCall(cx: ElabContext, fn: A.FnDecl, e: A.CallExpr, frame: Frame, piped: readonly TensorValue[], name?: A.Ident): Value {
  const fname = fn.name.name;
  if (piped.length > 0) {
    fail(`function '${fname}' cannot be applied to a tensor: it computes a value at compile time`, e.span, { expected: `a block or layer after '|>'; call ${fname}(…) with numbers, e.g. ${fname}(x.channels)`, notes: [`note: '${fname}' is defined at ${where(fn.name.span)}`] });
  }
  if (name) fail(`'as ${name.name}' names a layer, but '${fname}' is a function`, name.span, { expected: "a layer call such as conv(64, k=3) as conv1" });
  let keyword = false;
  const args = e.args.map((a) => {
    if (a.name) keyword = true;
    else if (keyword) fail("a positional argument follows a keyword argument", a.span, { expected: "positional arguments first" });
    return { name: a.name, value: evalExpr(cx, a.value, frame), span: a.span };
  });
  return callFunction(cx, fn, args, e.span, (x, f) => evalExpr(cx, x, f));
}
