// Compile-time functions of the language: arithmetic helpers for block
// parameters, and `split`, which turns one tensor into channel slices.

import type { Span } from "../../core/diagnostics/diagnostic.js";
import { fail } from "./builder.js";
import { isList, isTensor, show, typeName, type ListValue, type TensorValue, type Value } from "./values.js";

/** Longest list `range` builds; more is a runaway loop, not a network. */
export const MAX_RANGE = 1_000_000;

export interface BuiltinCall {
  readonly args: readonly Value[];
  readonly spans: readonly Span[];
  readonly span: Span;
  /** Makes channel slices of a tensor: [start, end) along axis 0. */
  readonly slice: (x: TensorValue, start: number, end: number) => TensorValue;
  readonly channels: (x: TensorValue) => number;
}

type Builtin = (c: BuiltinCall) => Value;

function num(c: BuiltinCall, i: number, fn: string): number {
  const v = c.args[i];
  if (typeof v !== "number") fail(`${fn}: argument ${i + 1} must be a number, got ${v === undefined ? "nothing" : typeName(v)}`, c.spans[i] ?? c.span, { expected: "a number" });
  return v;
}

function arity(c: BuiltinCall, fn: string, min: number, max: number): void {
  if (c.args.length < min || c.args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    fail(`${fn} takes ${want} argument${max === 1 ? "" : "s"}, got ${c.args.length}`, c.span, { expected: `${want} arguments` });
  }
}

function list(items: Value[]): ListValue {
  return { kind: "list", items };
}

function numbers(c: BuiltinCall, fn: string): number[] {
  const vals = c.args.length === 1 && isList(c.args[0]!) ? (c.args[0] as ListValue).items : c.args;
  if (vals.length === 0) fail(`${fn} of nothing`, c.span, { expected: "at least one number" });
  return vals.map((v) => {
    if (typeof v !== "number") fail(`${fn}: ${show(v)} is not a number`, c.span, { expected: "numbers" });
    return v;
  });
}

const unary = (fn: string, f: (x: number) => number): Builtin => (c) => {
  arity(c, fn, 1, 1);
  return f(num(c, 0, fn));
};

export const builtins: Readonly<Record<string, Builtin>> = {
  range(c) {
    arity(c, "range", 1, 3);
    const [a, b, step] = c.args.length === 1 ? [0, num(c, 0, "range"), 1] : [num(c, 0, "range"), num(c, 1, "range"), c.args.length === 3 ? num(c, 2, "range") : 1];
    if (![a, b, step].every(Number.isInteger) || step === 0) fail("range needs integers and a non-zero step", c.span, { expected: "range(n), range(a, b) or range(a, b, step)" });
    const n = Math.max(0, Math.ceil((b - a) / step));
    if (n > MAX_RANGE) fail(`range of ${n} numbers is too long`, c.span, { expected: `at most ${MAX_RANGE}` });
    return list(Array.from({ length: n }, (_, i) => a + i * step));
  },
  len(c) {
    arity(c, "len", 1, 1);
    const v = c.args[0]!;
    if (!isList(v)) fail(`len needs a list, got ${typeName(v)}`, c.spans[0] ?? c.span, { expected: "a list" });
    return v.items.length;
  },
  // reduce, not Math.min(...list): a list from range() can be a million long, too many arguments for one call.
  min: (c) => numbers(c, "min").reduce((a, b) => Math.min(a, b)),
  max: (c) => numbers(c, "max").reduce((a, b) => Math.max(a, b)),
  floor: unary("floor", Math.floor),
  ceil: unary("ceil", Math.ceil),
  round: unary("round", Math.round),
  abs: unary("abs", Math.abs),
  int: unary("int", Math.trunc),
  sqrt: unary("sqrt", Math.sqrt),
  zip(c) {
    if (c.args.length === 0) fail("zip of nothing", c.span, { expected: "one or more lists" });
    const lists = c.args.map((v, i) => {
      if (!isList(v)) fail(`zip: argument ${i + 1} is ${typeName(v)}`, c.spans[i] ?? c.span, { expected: "lists" });
      return v.items;
    });
    const n = lists.reduce((m, l) => Math.min(m, l.length), Infinity);
    return list(Array.from({ length: n }, (_, i) => list(lists.map((l) => l[i]!))));
  },
  enumerate(c) {
    arity(c, "enumerate", 1, 1);
    const v = c.args[0]!;
    if (!isList(v)) fail(`enumerate needs a list, got ${typeName(v)}`, c.spans[0] ?? c.span, { expected: "a list" });
    return list(v.items.map((x, i) => list([i, x])));
  },
  /** split(x, n) → n equal channel groups; split(x, [a, b, …]) → groups of those sizes. */
  split(c) {
    arity(c, "split", 2, 2);
    const x = c.args[0]!;
    if (!isTensor(x)) fail(`split needs a tensor first, got ${typeName(x)}`, c.spans[0] ?? c.span, { expected: "a tensor" });
    const channels = c.channels(x);
    const how = c.args[1]!;
    let sizes: number[];
    if (typeof how === "number") {
      if (!Number.isInteger(how) || how < 1 || channels % how !== 0) {
        fail(`split: ${channels} channels do not split into ${how} equal parts`, c.spans[1] ?? c.span, { expected: `a divisor of ${channels}` });
      }
      sizes = Array.from({ length: how }, () => channels / how);
    } else if (isList(how) && how.items.every((s) => typeof s === "number" && Number.isInteger(s) && s > 0)) {
      sizes = how.items as number[];
      const total = sizes.reduce((a, b) => a + b, 0);
      if (total !== channels) fail(`split: sizes add up to ${total}, but the tensor has ${channels} channels`, c.spans[1] ?? c.span, { expected: `sizes adding up to ${channels}` });
    } else {
      fail(`split needs a part count or a list of sizes, got ${show(how)}`, c.spans[1] ?? c.span, { expected: "an integer or a list of positive integers" });
    }
    let start = 0;
    return list(
      sizes.map((s) => {
        const t = c.slice(x, start, start + s);
        start += s;
        return t;
      }),
    );
  },
};
