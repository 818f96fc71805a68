// The words the editor shows for dlc's things, as Markdown: a layer and its
// attributes, a block's or function's signature, a node with its shape,
// parameters and MACs, the totals of a block instance or network. Shared by
// hover, completion and code lenses so that each says a thing one way.

import type { AttrValue, Node, ParamInfo } from "../../core/ir/graph.js";
import { formatShape } from "../../core/ir/graph.js";
import type * as A from "../../grammar/ast.js";
import type { AttrSpec, OpDef } from "../../ops/contract.js";
import { nodeCost } from "../../compiler/passes/analyse.js";
import { isList, isTensor, show, type Value } from "../../compiler/elaborate/values.js";
import { si, thousands } from "../cli/format.js";

/** What a node or a group of nodes costs per sample. */
export interface Totals {
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
}

export interface NodeSet {
  readonly nodes: readonly Node[];
  readonly params: ReadonlyMap<string, ParamInfo>;
}

/** Costs of nodes `first` to `end - 1` (a shared weight counted at the node that declared it). */
export function totalsOf(g: NodeSet, first: number, end: number): Totals {
  const graph = { nodes: g.nodes as Node[], params: g.params as Map<string, ParamInfo> };
  let params = 0;
  let macs = 0;
  let flops = 0;
  for (let i = first; i < Math.min(end, g.nodes.length); i++) {
    const c = nodeCost(graph, g.nodes[i]!);
    params += c.params;
    macs += c.macs;
    flops += c.flops;
  }
  return { params, macs, flops };
}

/** "1,234,567 (1.23 M)"; small counts without the rounded form. */
export function count(n: number): string {
  return n >= 1000 ? `${thousands(n)} (${si(n)})` : thousands(n);
}

export function totalsLine(t: Totals): string {
  return `params ${count(t.params)} · MACs ${count(t.macs)} · FLOPs ${count(t.flops)}`;
}

function literal(v: AttrValue): string {
  return JSON.stringify(v).replace(/,/g, ", ");
}

/** `kernel: pair = 3`, `out: int` (required). */
export function attrSignature(name: string, spec: AttrSpec): string {
  if (!("default" in spec)) return `${name}: ${spec.type}`;
  return `${name}: ${spec.type} = ${spec.default === null ? "none" : literal(spec.default!)}`;
}

/** The user-facing attributes of a layer, in positional order. */
export function visibleAttrs(op: OpDef): [string, AttrSpec][] {
  return Object.entries(op.attrs).filter(([, s]) => !s.internal);
}

/** The attribute a keyword names, by name or alias. */
export function attrNamed(op: OpDef, keyword: string): [string, AttrSpec] | undefined {
  return visibleAttrs(op).find(([n, s]) => n === keyword || (s.aliases ?? []).includes(keyword));
}

export function attrMarkdown(op: OpDef, name: string, spec: AttrSpec): string {
  const aliases = spec.aliases?.length ? ` (alias ${spec.aliases.map((a) => `\`${a}\``).join(", ")})` : "";
  const oneOf = spec.oneOf ? `\n\none of ${spec.oneOf.map((s) => `\`"${s}"\``).join(", ")}` : "";
  return `\`${op.name}\` attribute \`${attrSignature(name, spec)}\`${aliases}${"default" in spec ? "" : ", required"}\n\n${spec.doc}${oneOf}`;
}

/** `conv(out, kernel = 3, …)` as a code block, then the layer's doc. */
export function opMarkdown(op: OpDef): string {
  const attrs = visibleAttrs(op).map(([n, s]) => attrSignature(n, s));
  const inputs = op.arity === 0 ? "no tensor input" : op.arity === 1 ? "1 tensor input" : op.arity === "variadic" ? "2 or more tensor inputs" : op.arity === "any" ? "1 or more tensor inputs" : `${op.arity} tensor inputs`;
  const aliases = op.aliases?.length ? `, alias ${op.aliases.map((a) => `\`${a}\``).join(", ")}` : "";
  return "```dlc\n" + `${op.name}(${attrs.join(", ")})` + "\n```\n" + `layer (${inputs}${aliases}): ${op.doc}`;
}

function sourceOf(e: A.Expr): string {
  return e.span.source.text.slice(e.span.start, e.span.end);
}

function params(ps: readonly A.Param[]): string {
  return ps.map((p) => (p.default ? `${p.name.name} = ${sourceOf(p.default)}` : p.name.name)).join(", ");
}

export function blockSignature(d: A.BlockDecl): string {
  return `block ${d.name.name}(${params(d.params)}) (${d.inputs.map((i) => i.name).join(", ")})`;
}

export function fnSignature(d: A.FnDecl): string {
  return `fn ${d.name.name}(${params(d.params)})`;
}

export function networkSignature(d: A.NetworkDecl): string {
  return `network ${d.name.name}${d.params.length ? `(${params(d.params)})` : ""}`;
}

/** One node: its op, name, output shape and costs. */
export function nodeLine(g: NodeSet, n: Node): string {
  const c = totalsOf(g, n.id, n.id + 1);
  return `\`${n.op}\` node \`${n.name}\` → \`${n.dtype}${formatShape(n.shape)}\` · ${totalsLine(c)}`;
}

/** A value the elaborator computed: a tensor as the node that made it, a number or list as itself. */
export function valueLine(g: NodeSet, v: Value): string {
  if (isTensor(v)) {
    const n = g.nodes[v.node];
    return n ? nodeLine(g, n) : "a tensor";
  }
  if (isList(v) && v.items.length > 0 && v.items.every(isTensor)) {
    return `${v.items.length} tensors: ` + v.items.map((t) => (isTensor(t) && g.nodes[t.node] ? `\`${formatShape(g.nodes[t.node]!.shape)}\`` : "?")).join(", ");
  }
  if (typeof v === "object" && v.kind === "layer") {
    const what = v.callee.kind === "op" ? `layer \`${v.callee.op.name}\`` : v.callee.kind === "block" ? `block \`${v.callee.decl.name.name}\`` : `builtin \`${v.callee.name}\``;
    return `${what}${v.boundName ? ` (weights of \`${v.boundName}\`)` : ""}`;
  }
  if (typeof v === "object" && v.kind === "poison") return "(not computed: an error came first)";
  return `\`${show(v)}\``;
}
