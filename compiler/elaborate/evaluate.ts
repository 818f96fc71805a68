// The elaborator's interpreter: runs a network body (and the blocks it
// calls) at compile time, folding attribute arithmetic, unrolling loops,
// choosing branches and instantiating blocks, and emits graph nodes through
// the GraphBuilder. A failed statement reports one diagnostic and poisons
// what it defined, so that one run reports independent errors together.

import type * as A from "../../grammar/ast.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { DiagnosticList } from "../diagnostics/limit.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { AttrValue, GraphOutput } from "../ir/graph.js";
import { formatShape } from "../ir/graph.js";
import { lookupOp, opNames } from "../ops/registry.js";
import { abort, ElabAbort, ElabError, fail, GraphBuilder, NameScope, where } from "./builder.js";
import { builtins, MAX_RANGE } from "./builtins.js";
import { isLayer, isList, isPoison, isTensor, POISON, show, toAttr, typeName, type ArgValues, type LayerValue, type TensorValue, type Value } from "./values.js";

/** Deeper block nesting than this is runaway recursion. */
export const MAX_BLOCK_DEPTH = 64;
/** Statements one elaboration may run before it is judged runaway. */
export const MAX_STEPS = 2_000_000;
/**
 * Failed statements (repeats included) after which elaboration stops. A
 * failure costs more than a statement (a "did you mean" search over every
 * known name), and a loop failing in each of a million iterations says
 * nothing new after the first few.
 */
export const MAX_FAILURES = 1000;

export interface ModuleScope {
  readonly blocks: ReadonlyMap<string, A.BlockDecl>;
}

/** Top-level single assignments of a body, runnable early for forward references. */
interface Deferred {
  /** Every name the body assigns somewhere, for a precise "used before assigned". */
  readonly assigned: ReadonlySet<string>;
  readonly stmts: Map<string, A.AssignStmt>;
  readonly state: Map<string, "running" | "done">;
  readonly running: string[];
}

class Frame {
  readonly vars = new Map<string, Value>();
  deferred?: Deferred;
  constructor(
    readonly scope: NameScope,
    readonly paramScope: NameScope,
    readonly depth: number,
    readonly network: boolean,
  ) {}
}

class ReturnSignal {
  constructor(readonly value: Value) {}
}

export interface InputOverride {
  readonly shape: readonly number[];
}

export class Evaluator {
  readonly builder = new GraphBuilder();
  /** Repeats dropped and the count capped as they come: an unrolled loop can fail in every iteration. */
  private readonly found = new DiagnosticList();
  readonly outputs: GraphOutput[] = [];
  private steps = 0;
  private failures = 0;

  constructor(
    private readonly module: ModuleScope,
    private readonly inputOverrides: ReadonlyMap<string, InputOverride> = new Map(),
  ) {}

  get diagnostics(): Diagnostic[] {
    return this.found.result();
  }

  /** Statements run so far: the measure of work that the budgets bound. */
  get stepsRun(): number {
    return this.steps;
  }

  private report(e: ElabError): void {
    this.found.add(e.diagnostic);
    if (e.diagnostic.severity === "error" && ++this.failures === MAX_FAILURES) {
      abort(`elaboration stopped after ${MAX_FAILURES} errors`, undefined, { expected: "fewer errors: fix the first ones (a statement in a loop fails in every iteration)" });
    }
  }

  /** Runs `f`; on an elaboration error records it and runs `onFail`; an abort passes through. */
  private guard(f: () => void, onFail: () => void): void {
    try {
      f();
    } catch (e) {
      if (e instanceof ElabAbort) throw e;
      if (e instanceof ElabError) {
        this.report(e);
        onFail();
      } else if (e instanceof RangeError) {
        // Out of stack (or a value too large for the engine): going on would
        // only fail again in every enclosing statement, so the run stops.
        const stack = /call stack/i.test(e.message);
        abort(stack ? "the program nests or recurses too deeply to elaborate" : `a value grew too large to elaborate (${e.message})`, undefined, { expected: stack ? "shallower nesting" : "smaller lists and strings" });
      } else throw e;
    }
  }

  private body(stmts: readonly A.Stmt[], frame: Frame): void {
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
    const deferred: Deferred = { assigned: new Set(counts.keys()), stmts: new Map([...assigns].filter(([n]) => counts.get(n) === 1)), state: new Map(), running: [] };
    frame.deferred = deferred;
    for (const s of stmts) {
      if (s.kind === "assign" && s.target.kind === "ident" && deferred.stmts.get(s.target.name) === s) {
        if (deferred.state.get(s.target.name) === undefined) this.runDeferred(s.target.name, s, frame, deferred);
        continue;
      }
      this.stmt(s, frame);
    }
  }

  /** Runs a single assignment once, tracking it so that a cycle back to it is caught. */
  private runDeferred(name: string, s: A.AssignStmt, frame: Frame, d: Deferred): void {
    d.state.set(name, "running");
    d.running.push(name);
    try {
      this.stmt(s, frame);
    } finally {
      d.running.pop();
      d.state.set(name, "done");
    }
  }

  private stmt(s: A.Stmt, frame: Frame): void {
    if (++this.steps > MAX_STEPS) abort(`elaboration ran more than ${MAX_STEPS} statements`, s.span, { expected: "smaller loop counts (or a recursion that calls itself fewer times)" });
    const targets = s.kind === "assign" ? (s.target.kind === "ident" ? [s.target.name] : s.target.names.map((n) => n.name)) : s.kind === "input" || s.kind === "output" ? [s.name.name] : [];
    const poison = () => targets.forEach((t) => frame.vars.set(t, POISON));
    if (s.kind === "for" || s.kind === "repeat" || s.kind === "if" || s.kind === "return") {
      this.control(s, frame);
      return;
    }
    this.guard(() => this.simple(s, frame), poison);
  }

  private control(s: A.ForStmt | A.RepeatStmt | A.IfStmt | A.ReturnStmt, frame: Frame): void {
    if (s.kind === "return") {
      if (frame.network) {
        this.report(new ElabError({ severity: "error", message: "'return' belongs in a block; a network names its results with 'output'", span: s.span, expected: "output NAME = …" }));
        return;
      }
      let v: Value = POISON;
      this.guard(() => (v = this.expr(s.value, frame)), () => (v = POISON));
      throw new ReturnSignal(v);
    }
    let items: Value[] = [];
    let ok = true;
    this.guard(
      () => {
        if (s.kind === "if") {
          const c = this.expr(s.cond, frame);
          if (isPoison(c)) return void (items = []);
          if (typeof c !== "boolean") fail(`'if' needs a boolean condition, got ${typeName(c)}`, s.cond.span, { expected: "a comparison such as stride == 1" });
          items = c ? [true] : [false];
        } else if (s.kind === "repeat") {
          const n = this.expr(s.count, frame);
          if (isPoison(n)) return;
          if (typeof n !== "number" || !Number.isInteger(n) || n < 0) fail(`'repeat' needs a count that is a whole number ≥ 0, got ${show(n)}`, s.count.span, { expected: "a whole number ≥ 0" });
          if (n > MAX_STEPS) fail(`'repeat' count ${n} is more than ${MAX_STEPS}, the most statements one elaboration may run`, s.count.span, { expected: `a count up to ${MAX_STEPS}` });
          items = Array.from({ length: n }, () => 0);
        } else {
          const it = this.expr(s.iterable, frame);
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
      for (const st of branch) this.stmt(st, frame);
      return;
    }
    for (const item of items) {
      if (s.kind === "for") {
        let bound = true;
        this.guard(() => this.bindPattern(s.pattern, item, frame), () => (bound = false));
        if (!bound) return;
      }
      for (const st of s.body) this.stmt(st, frame);
    }
  }

  private bindPattern(p: A.Pattern, v: Value, frame: Frame): void {
    if (p.kind === "ident") {
      frame.vars.set(p.name, v);
      return;
    }
    if (isPoison(v)) {
      p.names.forEach((n) => frame.vars.set(n.name, POISON));
      return;
    }
    if (!isList(v) || v.items.length !== p.names.length) {
      fail(`cannot unpack ${isList(v) ? `${v.items.length} values` : typeName(v)} into ${p.names.length} names`, p.span, { expected: `${p.names.length} values` });
    }
    p.names.forEach((n, i) => frame.vars.set(n.name, v.items[i]!));
  }

  private simple(s: A.InputStmt | A.OutputStmt | A.AssignStmt, frame: Frame): void {
    switch (s.kind) {
      case "input":
        return this.inputStmt(s, frame);
      case "output": {
        if (!frame.network) fail("'output' belongs in a network; a block gives its result with 'return'", s.span, { expected: "return …" });
        const v = s.value ? this.expr(s.value, frame) : this.lookup(s.name, frame);
        if (isPoison(v)) return void frame.vars.set(s.name.name, POISON);
        if (!isTensor(v)) fail(`output '${s.name.name}' must be a tensor, got ${typeName(v)}`, (s.value ?? s.name).span, { expected: "a tensor" });
        const dup = this.outputs.find((o) => o.name === s.name.name);
        if (dup) fail(`duplicate output '${s.name.name}'`, s.name.span, { expected: "a new output name", notes: dup.span ? [`note: first defined at ${where(dup.span)}`] : [] });
        this.outputs.push({ name: s.name.name, node: v.node, span: s.span });
        frame.vars.set(s.name.name, v);
        return;
      }
      case "assign": {
        let v = this.expr(s.value, frame);
        // A layer bound to a variable takes the variable's name, as a PyTorch module takes its attribute's.
        if (isLayer(v) && v.callee.kind !== "builtin" && v.name === undefined && v.boundName === undefined && s.target.kind === "ident") {
          v = { ...v, softName: s.target.name };
        }
        this.bindPattern(s.target, v, frame);
        return;
      }
    }
  }

  private inputStmt(s: A.InputStmt, frame: Frame): void {
    if (!frame.network) fail("'input' belongs in a network; a block lists its tensor inputs after its parameters", s.span, { expected: "block NAME(params) (x, y) { … }" });
    const dt = s.type.dtype?.name ?? "f32";
    const dtype = dt === "f32" || dt === "float" ? "f32" : dt === "i32" || dt === "int" ? "i32" : undefined;
    if (!dtype) fail(`unknown element type '${dt}'`, s.type.dtype!.span, { expected: "f32, i32, float or int", notes: didYouMean(dt, ["f32", "i32", "float", "int"]) });
    let shape: number[] = [];
    for (const d of s.type.dims ?? []) {
      const v = this.expr(d, frame);
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1) fail(`input dimension must be a whole number ≥ 1, got ${show(v)}`, d.span, { expected: "a positive integer" });
      shape.push(v);
    }
    const over = this.inputOverrides.get(s.name.name);
    if (over) shape = [...over.shape];
    if (frame.vars.has(s.name.name)) fail(`duplicate name '${s.name.name}'`, s.name.span, { expected: "a new input name" });
    const name = frame.scope.claim(s.name.name, s.name.span);
    const op = lookupOp("input")!;
    const id = this.builder.addNode(op, [], { positional: [shape, dtype], named: new Map() }, name, s.span, { positional: [], named: new Map() });
    frame.vars.set(s.name.name, { kind: "tensor", node: id });
  }

  private lookup(id: A.Ident, frame: Frame): Value {
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
        this.runDeferred(id.name, early, frame, d);
        const now = frame.vars.get(id.name);
        if (now !== undefined) return now;
      }
    }
    if (this.module.blocks.has(id.name)) return this.layer({ kind: "block", decl: this.module.blocks.get(id.name)! }, id.span);
    const op = lookupOp(id.name);
    if (op && op.name !== "input") return this.layer({ kind: "op", op }, id.span);
    if (id.name in builtins) return this.layer({ kind: "builtin", name: id.name }, id.span);
    if (d?.assigned.has(id.name)) {
      fail(`'${id.name}' is used before it is assigned`, id.span, { expected: "an assignment to it earlier in the body (only names assigned exactly once may be used before their definition)" });
    }
    const known = [...frame.vars.keys(), ...(d?.stmts.keys() ?? []), ...this.module.blocks.keys(), ...opNames().filter((n) => n !== "input"), ...Object.keys(builtins)];
    fail(`unknown name '${id.name}'`, id.span, { expected: "a variable, block, layer or function defined before this point", notes: didYouMean(id.name, known) });
  }

  private layer(callee: LayerValue["callee"], span: Span, args?: ArgValues): LayerValue {
    return { kind: "layer", callee, args: args ?? { positional: [], named: new Map(), positionalSpans: [] }, span };
  }

  expr(e: A.Expr, frame: Frame, name?: A.Ident): Value {
    switch (e.kind) {
      case "number":
      case "string":
      case "bool":
        return e.value;
      case "ident": {
        const v = this.lookup(e, frame);
        return name ? this.nameLayer(v, name, e.span) : v;
      }
      case "list":
      case "tuple":
        return { kind: "list", items: e.items.map((i) => this.expr(i, frame)) };
      case "unary": {
        const v = this.expr(e.operand, frame);
        if (isPoison(v)) return v;
        if (e.op === "-" && typeof v === "number") return -v;
        if (e.op === "!" && typeof v === "boolean") return !v;
        return fail(`'${e.op}' does not apply to ${typeName(v)}`, e.span, { expected: e.op === "-" ? "a number" : "a boolean" });
      }
      case "binary":
        return this.binary(e, frame, name);
      case "ternary": {
        const c = this.expr(e.cond, frame);
        if (isPoison(c)) return c;
        if (typeof c !== "boolean") fail(`a conditional needs a boolean condition, got ${typeName(c)}`, e.cond.span, { expected: "a comparison such as stride == 1" });
        return this.expr(c ? e.then : e.else, frame, name);
      }
      case "call":
        return this.call(e, frame, [], name);
      case "pipe":
        return this.pipe(e, frame, name);
      case "member":
        return this.member(e, frame);
      case "index": {
        const o = this.expr(e.object, frame);
        const i = this.expr(e.index, frame);
        if (isPoison(o) || isPoison(i)) return POISON;
        if (!isList(o)) fail(`cannot index ${typeName(o)}`, e.object.span, { expected: "a list" });
        if (typeof i !== "number" || !Number.isInteger(i)) fail(`a list index must be an integer, got ${show(i)}`, e.index.span, { expected: "an integer" });
        const k = i < 0 ? o.items.length + i : i;
        if (k < 0 || k >= o.items.length) fail(`index ${i} is out of range for a list of ${o.items.length}`, e.index.span, { expected: `an index from ${-o.items.length} to ${o.items.length - 1}` });
        return o.items[k]!;
      }
      case "named":
        if (name) fail(`'${e.name.name}' gives a second name to a layer already named '${name.name}'`, e.name.span, { expected: "one 'as' per layer" });
        return this.expr(e.expr, frame, e.name);
    }
  }

  private nameLayer(v: Value, name: A.Ident, span: Span): Value {
    if (isPoison(v)) return v;
    if (!isLayer(v) || v.callee.kind === "builtin") fail(`'as ${name.name}' names a layer, but this is ${typeName(v)}`, span, { expected: "a layer call such as conv(64, k=3) as conv1" });
    return { ...v, name: name.name, span: name.span };
  }

  private member(e: A.MemberExpr, frame: Frame): Value {
    const o = this.expr(e.object, frame);
    if (isPoison(o)) return o;
    const m = e.member.name;
    if (isTensor(o)) {
      const shape = this.builder.nodes[o.node]!.shape;
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

  private binary(e: A.BinaryExpr, frame: Frame, name?: A.Ident): Value {
    if (e.op === "&&" || e.op === "||") {
      const l = this.expr(e.left, frame);
      if (isPoison(l)) return l;
      if (typeof l !== "boolean") fail(`'${e.op}' needs booleans, got ${typeName(l)}`, e.left.span, { expected: "a boolean" });
      if (e.op === "&&" ? !l : l) return l;
      const r = this.expr(e.right, frame);
      if (isPoison(r)) return r;
      if (typeof r !== "boolean") fail(`'${e.op}' needs booleans, got ${typeName(r)}`, e.right.span, { expected: "a boolean" });
      return r;
    }
    const l = this.expr(e.left, frame);
    const r = this.expr(e.right, frame);
    if (isPoison(l) || isPoison(r)) return POISON;
    if (isTensor(l) && isTensor(r) && (e.op === "+" || e.op === "*")) {
      return this.applyOp(e.op === "+" ? "add" : "mul", [l, r], e.span, name);
    }
    if (e.op === "==" || e.op === "!=") {
      const same = JSON.stringify(toAttr(l) ?? show(l)) === JSON.stringify(toAttr(r) ?? show(r));
      return e.op === "==" ? same : !same;
    }
    if (typeof l === "number" && typeof r === "number") return this.arith(e, l, r);
    // Doubling a list or string in a loop grows it exponentially: the same bound as range() stops it.
    if (e.op === "+" && typeof l === "string" && typeof r === "string") {
      if (l.length + r.length > MAX_RANGE) fail(`a string of ${l.length + r.length} characters is too long`, e.span, { expected: `at most ${MAX_RANGE} characters` });
      return l + r;
    }
    if (e.op === "+" && isList(l) && isList(r)) {
      if (l.items.length + r.items.length > MAX_RANGE) fail(`a list of ${l.items.length + r.items.length} items is too long`, e.span, { expected: `at most ${MAX_RANGE} items` });
      return { kind: "list", items: l.items.concat(r.items) };
    }
    const hint = isTensor(l) || isTensor(r) ? "two tensors (+ adds, * multiplies with broadcast) or two numbers" : "two numbers";
    return fail(`'${e.op}' does not apply to ${typeName(l)} and ${typeName(r)}`, e.opSpan, { expected: hint });
  }

  private arith(e: A.BinaryExpr, l: number, r: number): Value {
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

  private pipe(e: A.PipeExpr, frame: Frame, name?: A.Ident): Value {
    const left = this.expr(e.left, frame);
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
    if (right.kind === "call") return this.call(right, frame, tensors, rname);
    const f = this.expr(right, frame, rname);
    if (isPoison(f)) return f;
    if (!isLayer(f)) fail(`the right side of '|>' must be a layer, got ${typeName(f)}`, right.span, { expected: "a layer such as relu or conv(64, k=3)" });
    return this.invoke(f, tensors, { positional: [], named: new Map(), positionalSpans: [] }, e.span);
  }

  private call(e: A.CallExpr, frame: Frame, piped: readonly TensorValue[], name?: A.Ident): Value {
    let callee = this.lookup(e.callee, frame);
    if (isPoison(callee)) return callee;
    if (!isLayer(callee)) fail(`'${e.callee.name}' is ${typeName(callee)}, not something to call`, e.callee.span, { expected: "a layer, block or function" });
    if (name) callee = this.nameLayer(callee, name, name.span) as LayerValue;
    const positional: Value[] = [];
    const positionalSpans: Span[] = [];
    const named = new Map<string, { value: Value; span: Span }>();
    for (const a of e.args) {
      const v = this.expr(a.value, frame);
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
    return this.invoke(callee, piped, { positional, named, positionalSpans }, e.span);
  }

  /** Calls a layer with more arguments: applies it if tensors are present, else returns a partial layer. */
  private invoke(f: LayerValue, piped: readonly TensorValue[], extra: ArgValues, span: Span): Value {
    // Adding attributes to a partial layer (`c3(16)`) makes a new layer with
    // its own weights; only applying the same layer to tensors shares them.
    const isTensorArg = (v: Value) => isTensor(v) || (isList(v) && v.items.length > 0 && v.items.every(isTensor));
    if (f.callee.kind !== "builtin" && (extra.named.size > 0 || extra.positional.some((v) => !isTensorArg(v)))) f = { ...f, boundName: undefined };
    const named = new Map(f.args.named);
    for (const [k, v] of extra.named) {
      if (named.has(k)) fail(`argument '${k}' is given twice`, v.span, { expected: "each argument once" });
      named.set(k, v);
    }
    const all = [...f.args.positional, ...extra.positional];
    const allSpans = [...f.args.positionalSpans, ...extra.positionalSpans];
    if (f.callee.kind === "builtin") {
      const args = [...piped, ...all];
      const spans = [...piped.map(() => span), ...allSpans];
      if (named.size) fail(`${f.callee.name} takes no keyword arguments`, [...named.values()][0]!.span);
      return builtins[f.callee.name]!({
        args,
        spans,
        span,
        slice: (x, start, end) => this.applyOp("slice", [x], span, undefined, [start, end]),
        channels: (x) => this.builder.nodes[x.node]!.shape[0] ?? 1,
      });
    }
    const tensors: TensorValue[] = [...piped];
    const attrs: Value[] = [];
    const attrSpans: Span[] = [];
    all.forEach((v, i) => {
      if (isTensor(v)) tensors.push(v);
      else if (isList(v) && v.items.length > 0 && v.items.every(isTensor)) for (const t of v.items as TensorValue[]) tensors.push(t);
      else {
        attrs.push(v);
        attrSpans.push(allSpans[i]!);
      }
    });
    const args: ArgValues = { positional: attrs, named, positionalSpans: attrSpans };
    if (tensors.length === 0) return { ...f, args, span: f.span };
    if (f.callee.kind === "op") return this.applyLayerOp(f, tensors, args, span);
    return this.applyBlock(f, f.callee.decl, tensors, args, span);
  }

  private currentFrame!: Frame;

  private applyOp(opName: string, tensors: readonly TensorValue[], span: Span, name?: A.Ident, positional: Value[] = []): TensorValue {
    const op = lookupOp(opName)!;
    const layer: LayerValue = { kind: "layer", callee: { kind: "op", op }, args: { positional, named: new Map(), positionalSpans: positional.map(() => span) }, span, name: name?.name };
    return this.applyLayerOp(layer, tensors, layer.args, span);
  }

  private applyLayerOp(f: LayerValue, tensors: readonly TensorValue[], args: ArgValues, span: Span): TensorValue {
    if (f.callee.kind !== "op") throw new Error("internal: not an op");
    const op = f.callee.op;
    const frame = this.currentFrame;
    const want = op.arity;
    if (op.role === "backward" || op.role === "loss") {
      fail(`'${op.name}' is made by the compiler for training and cannot be written in a network`, f.span, { expected: "a layer" });
    }
    const least = want === "variadic" ? 2 : want === "any" ? 1 : want;
    if (want === "variadic" || want === "any" ? tensors.length < least : tensors.length !== want) {
      fail(`${op.name} takes ${want === "variadic" ? "two or more" : want === "any" ? "one or more" : want} tensor input${want === 1 ? "" : "s"}, got ${tensors.length}`, span, { expected: want === "variadic" ? "at least two tensors" : want === "any" ? "at least one tensor" : `${want} tensor${want === 1 ? "" : "s"}` });
    }
    const positional = args.positional.map((v, i) => this.attrValue(op.name, v, args.positionalSpans[i] ?? span));
    const named = new Map<string, AttrValue>();
    for (const [k, v] of args.named) named.set(k, this.attrValue(op.name, v.value, v.span));
    let local: string;
    let owner: string;
    if (f.boundName !== undefined) {
      local = frame.scope.again(f.boundName.slice(frame.scope.prefix.length));
      owner = f.boundName;
    } else {
      local = f.name ? frame.scope.claim(f.name, f.span) : f.softName ? frame.scope.soft(f.softName) : frame.scope.auto(op.name);
      owner = frame.paramScope.prefix + local;
      f.boundName = frame.scope.prefix + local;
    }
    const argSpans = { positional: args.positionalSpans, named: new Map([...args.named].map(([k, v]) => [k, v.span])) };
    const id = this.builder.addNode(op, tensors.map((t) => t.node), { positional, named }, frame.scope.prefix + local, f.name ? spanOr(f.span, span) : span, argSpans, owner);
    return { kind: "tensor", node: id };
  }

  private attrValue(op: string, v: Value, span: Span): AttrValue {
    const a = toAttr(v);
    if (a === undefined) fail(`${op} got ${typeName(v)} where an attribute value belongs`, span, { expected: "a number, boolean, string or list of them" });
    return a;
  }

  private applyBlock(f: LayerValue, decl: A.BlockDecl, tensors: readonly TensorValue[], args: ArgValues, span: Span): Value {
    const outer = this.currentFrame;
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
        fail(`block '${decl.name.name}' has no parameter '${k}'`, args.named.get(k)!.span, { expected: decl.params.map((p) => p.name.name).join(", ") || "no parameters", notes: didYouMean(k, decl.params.map((p) => p.name.name)) });
      }
    }
    this.currentFrame = frame;
    try {
      decl.params.forEach((p, i) => {
        const given = i < args.positional.length ? args.positional[i] : args.named.get(p.name.name)?.value;
        if (given !== undefined && i < args.positional.length && args.named.has(p.name.name)) {
          fail(`parameter '${p.name.name}' of block '${decl.name.name}' is given twice`, args.named.get(p.name.name)!.span);
        }
        if (given !== undefined) frame.vars.set(p.name.name, given);
        else if (p.default) frame.vars.set(p.name.name, this.expr(p.default, frame));
        else fail(`block '${decl.name.name}' needs parameter '${p.name.name}'`, span, { expected: `${p.name.name} = …`, notes: [`note: '${decl.name.name}' is defined at ${where(decl.span)}`] });
      });
      decl.inputs.forEach((inp, i) => frame.vars.set(inp.name, tensors[i]!));
      try {
        this.body(decl.body, frame);
      } catch (e) {
        if (e instanceof ReturnSignal) return checkResult(e.value, decl, span);
        throw e;
      }
      return fail(`block '${decl.name.name}' ends without 'return'`, decl.span, { expected: "return VALUE at the end of the block" });
    } finally {
      this.currentFrame = outer;
    }
  }

  /** Evaluates an expression that may use only constants (training settings). */
  constant(e: A.Expr): Value {
    const root = new NameScope("");
    this.currentFrame = new Frame(root, root, 0, true);
    return this.expr(e, this.currentFrame);
  }

  run(decl: A.NetworkDecl, args: ReadonlyMap<string, Value>): void {
    const root = new NameScope("");
    this.currentFrame = new Frame(root, root, 0, true);
    // A spent budget (ElabAbort) ends the whole run here, outside every statement's guard.
    try {
      this.guard(() => this.runNetworkIn(decl, args, this.currentFrame), () => {});
    } catch (e) {
      if (e instanceof ElabAbort) this.found.add(e.diagnostic);
      else throw e;
    }
  }

  private runNetworkIn(decl: A.NetworkDecl, args: ReadonlyMap<string, Value>, frame: Frame): void {
    for (const p of decl.params) {
      const given = args.get(p.name.name);
      if (given !== undefined) frame.vars.set(p.name.name, given);
      else if (p.default) this.guard(() => frame.vars.set(p.name.name, this.expr(p.default!, frame)), () => frame.vars.set(p.name.name, POISON));
      else this.report(new ElabError({ severity: "error", message: `network '${decl.name.name}' needs a value for parameter '${p.name.name}'`, span: p.span, expected: `${p.name.name} = …` }));
    }
    this.body(decl.body, frame);
  }
}

function spanOr(a: Span, b: Span): Span {
  return a.source === b.source ? { source: a.source, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) } : b;
}

function checkResult(v: Value, decl: A.BlockDecl, span: Span): Value {
  if (isPoison(v) || isTensor(v)) return v;
  if (isList(v) && v.items.every((x) => isTensor(x) || isPoison(x))) return v;
  return fail(`block '${decl.name.name}' returns ${typeName(v)}; a block returns a tensor or a tuple of tensors`, span, { expected: "return a tensor" });
}
