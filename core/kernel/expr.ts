// Pointwise expression trees: an elementwise op's formula as data. One
// Expr serves the op's own one-invocation-per-element kernel and every
// fused kernel it joins (an epilogue after a GEMM's store, a recomputed
// prologue where a consumer reads it): only the environment changes, i.e.
// what an operand is (a load, a local `let`, the anchor's value) and which
// binding a parameter is. Since both forms render the same tree, a fused
// chain computes the numbers the unfused kernels do, operation for
// operation.
//
// Rendering parenthesises by WGSL precedence and nothing else, so the text
// is what one would write by hand: `g * t * (1.0 - t)`, `a + b + c`.
// Trees keep their shape: `a - (b - c)` and `a * (b * c)` keep their
// parentheses, since f32 arithmetic is not associative.

import type { Binding } from "./binding.js";
import { f32, load, u32, wgsl, code, join, type Code } from "./code.js";
import type { KernelFunction } from "./desc.js";

export type ArithmeticOp = "+" | "-" | "*" | "/";
export type ComparisonOp = "<" | "<=" | ">" | ">=" | "==" | "!=";
export type LogicalOp = "&&" | "||";
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

/** WGSL builtins an elementwise formula may call, with their argument counts. */
const ARITY = {
  abs: 1,
  ceil: 1,
  cos: 1,
  exp: 1,
  exp2: 1,
  floor: 1,
  fract: 1,
  inverseSqrt: 1,
  log: 1,
  log2: 1,
  round: 1,
  sign: 1,
  sin: 1,
  sqrt: 1,
  tanh: 1,
  trunc: 1,
  max: 2,
  min: 2,
  pow: 2,
  step: 2,
  clamp: 3,
  fma: 3,
  mix: 3,
  select: 3,
} as const;

export type Builtin = keyof typeof ARITY;

/** Where a parameter is read: at the element's channel (axis 1 of [N, C, inner…]) or at the element itself. */
export type ParamIndex = { readonly kind: "channel"; readonly channels: number; readonly inner: number } | { readonly kind: "element" };

export type Expr =
  /** The op's input at the current element, by position. */
  | { readonly kind: "operand"; readonly position: number }
  /** An f32 constant. */
  | { readonly kind: "literal"; readonly value: number }
  | { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "negate"; readonly operand: Expr }
  | { readonly kind: "builtin"; readonly fn: Builtin; readonly args: readonly Expr[] }
  /** A call of a helper function (expm1_, sigmoid_), whose definition travels with the call. */
  | { readonly kind: "helper"; readonly fn: KernelFunction; readonly args: readonly Expr[] }
  /** A parameter's element. */
  | { readonly kind: "param"; readonly role: string; readonly at: ParamIndex };

/** Operands of the constructors: an Expr, or a number for an f32 literal. */
export type ExprLike = Expr | number;

const ex = (x: ExprLike): Expr => (typeof x === "number" ? literal(x) : x);

export function operand(position: number): Expr {
  return { kind: "operand", position };
}

export function literal(value: number): Expr {
  f32(value); // refuse a constant WGSL cannot spell now, not at render time
  return { kind: "literal", value };
}

export function binary(op: BinaryOp, left: ExprLike, right: ExprLike): Expr {
  return { kind: "binary", op, left: ex(left), right: ex(right) };
}

/** a + b + c…, left to right (the order of the sum fixes its rounding). */
export function add(first: ExprLike, ...rest: readonly ExprLike[]): Expr {
  return rest.reduce<Expr>((acc, x) => binary("+", acc, x), ex(first));
}
export const sub = (a: ExprLike, b: ExprLike): Expr => binary("-", a, b);
/** a * b * c…, left to right. */
export function mul(first: ExprLike, ...rest: readonly ExprLike[]): Expr {
  return rest.reduce<Expr>((acc, x) => binary("*", acc, x), ex(first));
}
export const div = (a: ExprLike, b: ExprLike): Expr => binary("/", a, b);
export const lt = (a: ExprLike, b: ExprLike): Expr => binary("<", a, b);
export const le = (a: ExprLike, b: ExprLike): Expr => binary("<=", a, b);
export const gt = (a: ExprLike, b: ExprLike): Expr => binary(">", a, b);
export const ge = (a: ExprLike, b: ExprLike): Expr => binary(">=", a, b);
export const eq = (a: ExprLike, b: ExprLike): Expr => binary("==", a, b);
export const ne = (a: ExprLike, b: ExprLike): Expr => binary("!=", a, b);
export const and = (a: Expr, b: Expr): Expr => binary("&&", a, b);
export const or = (a: Expr, b: Expr): Expr => binary("||", a, b);

export function negate(x: ExprLike): Expr {
  return { kind: "negate", operand: ex(x) };
}

export function call(fn: Builtin, ...args: readonly ExprLike[]): Expr {
  if (args.length !== ARITY[fn]) throw new Error(`internal: ${fn} takes ${ARITY[fn]} arguments, got ${args.length}`);
  return { kind: "builtin", fn, args: args.map(ex) };
}

/** `select(ifFalse, ifTrue, cond)`, WGSL's argument order. */
export const select = (ifFalse: ExprLike, ifTrue: ExprLike, cond: Expr): Expr => call("select", ifFalse, ifTrue, cond);

export function callHelper(fn: KernelFunction, ...args: readonly ExprLike[]): Expr {
  return { kind: "helper", fn, args: args.map(ex) };
}

/** `param[channel of the element]` for an output of `channels` channels of `inner` elements each (axis 1 of [N, C, …]). */
export function paramAtChannel(role: string, channels: number, inner: number): Expr {
  return { kind: "param", role, at: { kind: "channel", channels, inner } };
}

/** `param[element]`. */
export function paramAtElement(role: string): Expr {
  return { kind: "param", role, at: { kind: "element" } };
}

/** What rendering needs from the kernel the expression lands in. */
export interface ExprEnv {
  /** The op's input at the current element: a load, a local's name, a function argument. */
  operand(position: number): Code;
  /** The binding of a parameter, by role. */
  param(role: string): Binding;
  /** The flat element index, a u32 expression. */
  readonly index: Code;
  /** Called for every helper the expression calls (the kernel deduplicates them by name). */
  useFunction(f: KernelFunction): void;
}

/** Binding strength of binary operators; unary minus and calls bind tighter than all. */
function level(op: BinaryOp): number {
  if (op === "&&" || op === "||") return 1;
  if (op === "+" || op === "-") return 3;
  if (op === "*" || op === "/") return 4;
  return 2;
}

/**
 * Whether `child`, an operand of `parent`, needs parentheses. WGSL has no
 * chained comparisons and does not mix && with ||, so those always get
 * them; a right operand of equal strength gets them to keep the tree's
 * order of evaluation.
 */
function needsParens(parent: BinaryOp, child: Expr, side: "left" | "right"): boolean {
  if (child.kind !== "binary") return false;
  const p = level(parent);
  const c = level(child.op);
  if (c !== p) return c < p;
  if (p === 2) return true;
  if (p === 1 && child.op !== parent) return true;
  return side === "right";
}

/** The expression as WGSL, in `env`. */
export function renderExpr(e: Expr, env: ExprEnv): Code {
  switch (e.kind) {
    case "operand":
      return env.operand(e.position);
    case "literal":
      return code(f32(e.value));
    case "binary": {
      const side = (x: Expr, s: "left" | "right") => (needsParens(e.op, x, s) ? wgsl`(${renderExpr(x, env)})` : renderExpr(x, env));
      return wgsl`${side(e.left, "left")} ${e.op} ${side(e.right, "right")}`;
    }
    case "negate": {
      const x = e.operand;
      // `--x` is not negation in WGSL, and -(a + b) needs its parentheses.
      const wrap = x.kind === "binary" || x.kind === "negate" || (x.kind === "literal" && (x.value < 0 || Object.is(x.value, -0)));
      return wrap ? wgsl`-(${renderExpr(x, env)})` : wgsl`-${renderExpr(x, env)}`;
    }
    case "builtin":
      return wgsl`${e.fn}(${join(e.args.map((a) => renderExpr(a, env)), ", ")})`;
    case "helper":
      env.useFunction(e.fn);
      return wgsl`${e.fn.name}(${join(e.args.map((a) => renderExpr(a, env)), ", ")})`;
    case "param": {
      const b = env.param(e.role);
      if (e.at.kind === "element") return [load(b, env.index)];
      return [load(b, wgsl`((${env.index} / ${u32(e.at.inner)}) % ${u32(e.at.channels)})`)];
    }
  }
}

/** Children of a node, for the collectors below. */
function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "binary":
      return [e.left, e.right];
    case "negate":
      return [e.operand];
    case "builtin":
    case "helper":
      return e.args;
    default:
      return [];
  }
}

function collect<T>(e: Expr, pick: (x: Expr) => T | undefined, out: T[] = []): T[] {
  const t = pick(e);
  if (t !== undefined && !out.includes(t)) out.push(t);
  for (const c of children(e)) collect(c, pick, out);
  return out;
}

/** Operand positions the expression reads, in first-use order. */
export function operandsOf(e: Expr): number[] {
  return collect(e, (x) => (x.kind === "operand" ? x.position : undefined));
}

/** Parameter roles the expression reads, in first-use order. */
export function paramsOf(e: Expr): string[] {
  return collect(e, (x) => (x.kind === "param" ? x.role : undefined));
}

/** Helper functions the expression calls, one per name, in first-use order. */
export function helpersOf(e: Expr): KernelFunction[] {
  const byName = new Map<string, KernelFunction>();
  collect(e, (x) => (x.kind === "helper" ? x.fn : undefined)).forEach((f) => byName.has(f.name) || byName.set(f.name, f));
  return [...byName.values()];
}
