// Statements of a network or block body: input, output, assignment (with
// unpacking), and the control statements if, for, repeat and return. A body
// runs its top-level single assignments on demand, so that a name may be
// used before the line that defines it; a cycle among them is an error.
// Every statement counts against the step budget, and a failed one reports
// one diagnostic and poisons the names it would have defined.

import type * as A from "../../grammar/ast.js";
import { didYouMean } from "../../core/diagnostics/suggest.js";
import { lookupOp } from "../../ops/registry.js";
import { abort, ElabError, fail, where } from "./builder.js";
import { MAX_STEPS, ReturnSignal, type Deferred, type ElabContext, type Frame } from "./elab_context.js";
import { evalAssigned, evalExpr, lookupName } from "./evaluate_expr.js";
import { isLayer, isList, isPoison, isTensor, POISON, show, typeName, type Value } from "./values.js";

/** Runs the statements of a body, single assignments deferred until first use or their turn. */
export function runBody(cx: ElabContext, stmts: readonly A.Stmt[], frame: Frame): void {
  const counts = new Map<string, number>();
  const assigns = new Map<string, A.AssignStmt>();
  const bump = (n: string) => counts.set(n, (counts.get(n) ?? 0) + 1);
  const scan = (ss: readonly A.Stmt[], top: boolean): void => {
    for (const s of ss) {
      if (s.kind === "assign") {
        const names = s.target.kind === "ident" ? [s.target.name] : s.target.names.map((n) => n.name);
        names.forEach(bump);
        if (top && s.target.kind === "ident") assigns.set(s.target.name, s);
      } else if (s.kind === "for" || s.kind === "repeat") scan(s.body, false);
      else if (s.kind === "if") {
        scan(s.then, false);
        scan(s.else ?? [], false);
      } else if (s.kind === "input" || s.kind === "output") bump(s.name.name);
    }
  };
  scan(stmts, true);
  const deferred: Deferred = { assigned: new Set(counts.keys()), stmts: new Map([...assigns].filter(([n]) => counts.get(n) === 1)), state: new Map(), running: [], runEarly: (name, s) => runDeferred(cx, name, s, frame, deferred) };
  frame.deferred = deferred;
  for (const s of stmts) {
    if (s.kind === "assign" && s.target.kind === "ident" && deferred.stmts.get(s.target.name) === s) {
      if (deferred.state.get(s.target.name) === undefined) runDeferred(cx, s.target.name, s, frame, deferred);
      continue;
    }
    runStmt(cx, s, frame);
  }
}

/** Runs a single assignment once, tracking it so that a cycle back to it is caught. */
function runDeferred(cx: ElabContext, name: string, s: A.AssignStmt, frame: Frame, d: Deferred): void {
  d.state.set(name, "running");
  d.running.push(name);
  try {
    runStmt(cx, s, frame);
  } finally {
    d.running.pop();
    d.state.set(name, "done");
  }
}

function runStmt(cx: ElabContext, s: A.Stmt, frame: Frame): void {
  if (++cx.steps > MAX_STEPS) abort(`elaboration ran more than ${MAX_STEPS} statements`, s.span, { expected: "smaller loop counts (or a recursion that calls itself fewer times)" });
  const targets = s.kind === "assign" ? (s.target.kind === "ident" ? [s.target.name] : s.target.names.map((n) => n.name)) : s.kind === "input" || s.kind === "output" ? [s.name.name] : [];
  const poison = () => targets.forEach((t) => frame.vars.set(t, POISON));
  if (s.kind === "for" || s.kind === "repeat" || s.kind === "if" || s.kind === "return") {
    runControl(cx, s, frame);
    return;
  }
  cx.guard(() => runSimple(cx, s, frame), poison);
}

function runControl(cx: ElabContext, s: A.ForStmt | A.RepeatStmt | A.IfStmt | A.ReturnStmt, frame: Frame): void {
  if (s.kind === "return") {
    if (frame.network) {
      cx.report(new ElabError({ severity: "error", message: "'return' belongs in a block; a network names its results with 'output'", span: s.span, expected: "output NAME = …" }));
      return;
    }
    let v: Value = POISON;
    cx.guard(() => (v = evalExpr(cx, s.value, frame)), () => (v = POISON));
    throw new ReturnSignal(v);
  }
  let items: Value[] = [];
  let ok = true;
  cx.guard(
    () => {
      if (s.kind === "if") {
        const c = evalExpr(cx, s.cond, frame);
        if (isPoison(c)) return void (items = []);
        if (typeof c !== "boolean") fail(`'if' needs a boolean condition, got ${typeName(c)}`, s.cond.span, { expected: "a comparison such as stride == 1" });
        items = c ? [true] : [false];
      } else if (s.kind === "repeat") {
        const n = evalExpr(cx, s.count, frame);
        if (isPoison(n)) return;
        if (typeof n !== "number" || !Number.isInteger(n) || n < 0) fail(`'repeat' needs a count that is a whole number ≥ 0, got ${show(n)}`, s.count.span, { expected: "a whole number ≥ 0" });
        if (n > MAX_STEPS) fail(`'repeat' count ${n} is more than ${MAX_STEPS}, the most statements one elaboration may run`, s.count.span, { expected: `a count up to ${MAX_STEPS}` });
        items = Array.from({ length: n }, () => 0);
      } else {
        const it = evalExpr(cx, s.iterable, frame);
        if (isPoison(it)) return;
        if (!isList(it)) fail(`'for' iterates over a list, got ${typeName(it)}`, s.iterable.span, { expected: "a list such as [64, 128] or range(n)" });
        items = [...it.items];
      }
    },
    () => (ok = false),
  );
  if (!ok) return;
  if (s.kind === "if") {
    const branch = items[0] === true ? s.then : items[0] === false ? s.else ?? [] : [];
    for (const st of branch) runStmt(cx, st, frame);
    return;
  }
  for (const item of items) {
    if (s.kind === "for") {
      let bound = true;
      cx.guard(() => bindPattern(cx, s.pattern, item, frame), () => (bound = false));
      if (!bound) return;
    }
    for (const st of s.body) runStmt(cx, st, frame);
  }
}

function bindPattern(cx: ElabContext, p: A.Pattern, v: Value, frame: Frame): void {
  if (p.kind === "ident") {
    frame.vars.set(p.name, v);
    cx.trace?.named(p.span, v);
    return;
  }
  if (isPoison(v)) {
    p.names.forEach((n) => frame.vars.set(n.name, POISON));
    return;
  }
  if (!isList(v) || v.items.length !== p.names.length) {
    fail(`cannot unpack ${isList(v) ? `${v.items.length} values` : typeName(v)} into ${p.names.length} names`, p.span, { expected: `${p.names.length} values` });
  }
  p.names.forEach((n, i) => {
    frame.vars.set(n.name, v.items[i]!);
    cx.trace?.named(n.span, v.items[i]!);
  });
}

function runSimple(cx: ElabContext, s: A.InputStmt | A.OutputStmt | A.AssignStmt, frame: Frame): void {
  switch (s.kind) {
    case "input":
      return runInput(cx, s, frame);
    case "output": {
      if (!frame.network) fail("'output' belongs in a network; a block gives its result with 'return'", s.span, { expected: "return …" });
      const v = s.value ? evalExpr(cx, s.value, frame) : lookupName(cx, s.name, frame);
      if (isPoison(v)) return void frame.vars.set(s.name.name, POISON);
      if (!isTensor(v)) fail(`output '${s.name.name}' must be a tensor, got ${typeName(v)}`, (s.value ?? s.name).span, { expected: "a tensor" });
      const dup = cx.outputs.find((o) => o.name === s.name.name);
      if (dup) fail(`duplicate output '${s.name.name}'`, s.name.span, { expected: "a new output name", notes: dup.span ? [`note: first defined at ${where(dup.span)}`] : [] });
      cx.outputs.push({ name: s.name.name, node: v.node, span: s.span });
      frame.vars.set(s.name.name, v);
      if (s.value) cx.trace?.named(s.name.span, v);
      return;
    }
    case "assign": {
      let v = s.target.kind === "ident" ? evalAssigned(cx, s.value, frame, s.target.name) : evalExpr(cx, s.value, frame);
      // A layer bound to a variable takes the variable's name, as a PyTorch module takes its attribute's.
      if (isLayer(v) && v.callee.kind !== "builtin" && v.name === undefined && v.boundName === undefined && s.target.kind === "ident") {
        v = { ...v, softName: s.target.name };
      }
      bindPattern(cx, s.target, v, frame);
      return;
    }
  }
}

function runInput(cx: ElabContext, s: A.InputStmt, frame: Frame): void {
  if (!frame.network) fail("'input' belongs in a network; a block lists its tensor inputs after its parameters", s.span, { expected: "block NAME(params) (x, y) { … }" });
  const dt = s.type.dtype?.name ?? "f32";
  const dtype = dt === "f32" || dt === "float" ? "f32" : dt === "i32" || dt === "int" ? "i32" : undefined;
  if (!dtype) fail(`unknown element type '${dt}'`, s.type.dtype!.span, { expected: "f32, i32, float or int", notes: didYouMean(dt, ["f32", "i32", "float", "int"]) });
  let shape: number[] = [];
  for (const d of s.type.dims ?? []) {
    const v = evalExpr(cx, d, frame);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) fail(`input dimension must be a whole number ≥ 1, got ${show(v)}`, d.span, { expected: "a positive integer" });
    shape.push(v);
  }
  const over = cx.inputOverrides.get(s.name.name);
  if (over) shape = [...over.shape];
  if (frame.vars.has(s.name.name)) fail(`duplicate name '${s.name.name}'`, s.name.span, { expected: "a new input name" });
  const name = frame.scope.claim(s.name.name, s.name.span);
  const op = lookupOp("input")!;
  const id = cx.builder.addNode(op, [], { positional: [shape, dtype], named: new Map() }, name, s.span, { positional: [], named: new Map() });
  frame.vars.set(s.name.name, { kind: "tensor", node: id });
  cx.trace?.named(s.name.span, { kind: "tensor", node: id });
}
