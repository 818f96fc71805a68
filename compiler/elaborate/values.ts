// Values of the elaborator. Attribute arithmetic runs on numbers, lists and
// strings at compile time; tensors stand for graph nodes; layers are ops or
// blocks waiting for their tensor inputs (a layer bound to a name and applied
// twice shares its weights, as a Keras layer object does).

import type { Span } from "../../core/diagnostics/diagnostic.js";
import type { BlockDecl } from "../../grammar/ast.js";
import type { OpDef } from "../../ops/contract.js";
import type { AttrValue } from "../../core/ir/graph.js";

export interface ListValue {
  readonly kind: "list";
  readonly items: readonly Value[];
}

export interface TensorValue {
  readonly kind: "tensor";
  readonly node: number;
}

export interface ArgValues {
  readonly positional: readonly Value[];
  readonly named: ReadonlyMap<string, { value: Value; span: Span }>;
  /** Spans of the positional arguments, for pointing at a bad one. */
  readonly positionalSpans: readonly Span[];
}

export type Callee =
  | { readonly kind: "op"; readonly op: OpDef }
  | { readonly kind: "block"; readonly decl: BlockDecl }
  | { readonly kind: "builtin"; readonly name: string };

export interface LayerValue {
  readonly kind: "layer";
  readonly callee: Callee;
  readonly args: ArgValues;
  readonly span: Span;
  /** Set by `as NAME`. */
  name?: string;
  /** The variable a layer value was bound to (`enc = conv(…)`): its name unless taken. */
  softName?: string;
  /** Filled at first application: the node or block scope that owns the weights. */
  boundName?: string;
}

/** Stands for a value whose computation already failed; silences follow-on errors. */
export interface PoisonValue {
  readonly kind: "poison";
}

export type Value = number | boolean | string | ListValue | TensorValue | LayerValue | PoisonValue;

export const POISON: PoisonValue = { kind: "poison" };

export function isTensor(v: Value): v is TensorValue {
  return typeof v === "object" && v.kind === "tensor";
}

export function isList(v: Value): v is ListValue {
  return typeof v === "object" && v.kind === "list";
}

export function isLayer(v: Value): v is LayerValue {
  return typeof v === "object" && v.kind === "layer";
}

export function isPoison(v: Value): v is PoisonValue {
  return typeof v === "object" && v.kind === "poison";
}

export function typeName(v: Value): string {
  if (typeof v === "number") return "a number";
  if (typeof v === "boolean") return "a boolean";
  if (typeof v === "string") return "a string";
  switch (v.kind) {
    case "list":
      return "a list";
    case "tensor":
      return "a tensor";
    case "layer":
      return "a layer";
    case "poison":
      return "an invalid value";
  }
}

/** Converts a compile-time value to an attribute value, or undefined if it holds tensors or layers. */
export function toAttr(v: Value): AttrValue | undefined {
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  if (isList(v)) {
    const items = v.items.map(toAttr);
    return items.every((x) => x !== undefined) ? (items as AttrValue[]) : undefined;
  }
  return undefined;
}

export function show(v: Value): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (isList(v)) return `[${v.items.map(show).join(", ")}]`;
  return typeName(v);
}
