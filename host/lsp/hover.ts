// Hover: what the thing under the cursor is and what it costs. A value
// (a variable, an input, an output) shows the node that made it: op, name,
// shape, params and MACs; a layer or block applied shows what each
// application made (a block instance with its totals); an attribute keyword
// its doc; a block's name its signature and instances; a network's name its
// totals. A place that a loop runs several times shows each run.

import type { Hover, MarkupContent } from "vscode-languageserver";
import { formatShape } from "../../core/ir/graph.js";
import type * as A from "../../grammar/ast.js";
import { lookupOp } from "../../ops/registry.js";
import { makeSource } from "../../core/diagnostics/source.js";
import { isTensor, type Callee, type LayerValue } from "../../compiler/elaborate/values.js";
import { wordAt } from "./call_context.js";
import type { Checked } from "./check.js";
import { attrMarkdown, attrNamed, blockSignature, fnSignature, networkSignature, nodeLine, opMarkdown, totalsLine, totalsOf, valueLine } from "./describe.js";
import { spanRange } from "./positions.js";
import { identAt, type IdentAt } from "./syntax.js";
import type { Application } from "./trace.js";

/** Runs of one place shown; the rest are counted. */
const MAX_SHOWN = 8;

export function hoverAt(c: Checked, offset: number): Hover | null {
  const at = c.program ? identAt(c.program, offset) : undefined;
  const text = at ? hoverIdent(c, at, offset) : c.program ? hoverApplication(c, c.trace.applicationsAt(offset)) : hoverWord(c, offset);
  if (!text) return null;
  const contents: MarkupContent = { kind: "markdown", value: text.value };
  return { contents, range: spanRange(text.span) };
}

interface Shown {
  readonly value: string;
  readonly span: A.Ident["span"];
}

function hoverIdent(c: Checked, at: IdentAt, offset: number): Shown | undefined {
  const { ident, role } = at;
  const here = (value: string | undefined): Shown | undefined => (value ? { value, span: ident.span } : undefined);
  switch (role.kind) {
    case "attr":
      return here(attrHover(c, role.call, ident.name));
    case "declName":
      if (role.decl.kind === "block") return here(blockHover(c, role.decl));
      if (role.decl.kind === "fn") return here(code(fnSignature(role.decl)));
      return here(networkHover(c, role.decl));
    case "param":
      return here(code(`${role.param.name.name}${role.param.default ? ` = ${source(role.param.default)}` : ""}`) + `parameter of ${role.decl.kind} \`${role.decl.name.name}\`` + namedValues(c, ident));
    case "trainNetwork": {
      const d = c.decls?.networks.get(ident.name);
      return here(d ? networkHover(c, d) : undefined);
    }
    case "trainItem": {
      const op = lookupOp(ident.name);
      return here(op ? `\`${op.name}\`: ${op.doc}` : undefined);
    }
    default:
      break;
  }
  const named = c.trace.namingsAt(offset).filter((n) => n.span.start === ident.span.start);
  const layers = named.filter((n) => typeof n.value === "object" && n.value.kind === "layer");
  if (named.length > 0 && layers.length === 0) {
    return here(code(ident.name) + listed(named.map((n) => valueLine(c, n.value)), c.trace.timesAt(ident.span, "n")));
  }
  if (role.kind === "layerName") return here(namedNodes(c, ident));
  // A layer named here: what its application at this place made.
  const callee = (layers[0]?.value as LayerValue | undefined)?.callee;
  const shown = callee ? hoverApplication(c, c.trace.applicationsAt(offset, (a) => sameCallee(a.callee, callee))) : undefined;
  if (shown) return { value: shown.value, span: ident.span };
  return here(staticHover(c, ident.name, callee));
}

/** `as NAME`: the nodes the named layer made (their spans cover the name). */
function namedNodes(c: Checked, ident: A.Ident): string | undefined {
  const made = c.nodes.filter((n) => n.span && n.span.source.path === c.path && n.span.start <= ident.span.start && ident.span.end <= n.span.end && n.name.split(".").pop()!.startsWith(ident.name));
  return made.length ? code(`as ${ident.name}`) + listed(made.map((n) => nodeLine(c, n)), made.length) : undefined;
}

/** In a file that does not parse: what the word under the cursor names, by its spelling alone. */
function hoverWord(c: Checked, offset: number): Shown | undefined {
  const w = wordAt(c.text, offset);
  const value = w ? staticHover(c, w.word) : undefined;
  return w && value ? { value, span: { source: makeSource(c.path, c.text), start: w.start, end: w.end } } : undefined;
}

function sameCallee(a: Callee, b: Callee): boolean {
  if (a.kind === "op" && b.kind === "op") return a.op === b.op;
  if (a.kind === "block" && b.kind === "block") return a.decl === b.decl;
  return false;
}

/** What a name means when nothing was applied there: a layer's, block's or function's description. */
function staticHover(c: Checked, name: string, callee?: Callee): string | undefined {
  if (callee?.kind === "op") return opMarkdown(callee.op);
  const block = callee?.kind === "block" ? callee.decl : c.decls?.blocks.get(name);
  if (block) return blockHover(c, block);
  const fn = c.decls?.functions.get(name);
  if (fn) return code(fnSignature(fn));
  const op = lookupOp(name);
  return op && op.name !== "input" && (op.role ?? "forward") === "forward" ? opMarkdown(op) : undefined;
}

function hoverApplication(c: Checked, apps: readonly Application[]): Shown | undefined {
  const first = apps[0];
  if (!first) return undefined;
  const times = c.trace.timesAt(first.span, "a");
  if (first.callee.kind === "block") {
    const lines = apps.map((a) => instanceLine(c, a));
    return { value: code(blockSignature(first.callee.decl)) + listed(lines, times), span: first.span };
  }
  const head = first.callee.kind === "op" ? `\`${first.callee.op.name}\`: ${first.callee.op.doc}` : "";
  const lines = apps.flatMap((a) => madeBy(c, a).map((n) => nodeLine(c, n)));
  return { value: head + listed(lines, times), span: first.span };
}

function madeBy(c: Checked, a: Application) {
  return c.nodes.slice(a.first, a.end);
}

/** A block instance: its name, output shape(s) and the totals of the nodes inside it. */
function instanceLine(c: Checked, a: Application): string {
  const nodes = madeBy(c, a);
  if (nodes.length === 0) return "an instance that made no node (an error inside it came first)";
  const prefix = commonScope(nodes.map((n) => n.name));
  const outs = (isTensor(a.result) ? [a.result] : typeof a.result === "object" && a.result.kind === "list" ? a.result.items : []).filter(isTensor);
  const shapes = outs.map((t) => c.nodes[t.node]).filter((n) => n !== undefined).map((n) => `\`${formatShape(n.shape)}\``);
  return `instance \`${prefix || "?"}\` → ${shapes.join(", ") || "?"} · ${nodes.length} node${nodes.length === 1 ? "" : "s"} · ${totalsLine(totalsOf(c, a.first, a.end))}`;
}

/** The dotted scope every name shares: `layer1.basic1` for `layer1.basic1.conv1`, `layer1.basic1.bn1`. */
function commonScope(names: readonly string[]): string {
  if (names.length === 0) return "";
  let parts = names[0]!.split(".").slice(0, -1);
  for (const n of names.slice(1)) {
    const p = n.split(".");
    let k = 0;
    while (k < parts.length && k < p.length - 1 && parts[k] === p[k]) k++;
    parts = parts.slice(0, k);
  }
  return parts.join(".");
}

function attrHover(c: Checked, call: A.CallExpr, keyword: string): string | undefined {
  const named = c.trace.namingsAt(call.callee.span.start).find((n) => n.span.start === call.callee.span.start);
  const callee = named && typeof named.value === "object" && named.value.kind === "layer" ? named.value.callee : undefined;
  const op = callee?.kind === "op" ? callee.op : callee ? undefined : lookupOp(call.callee.name);
  if (op) {
    const a = attrNamed(op, keyword);
    return a ? attrMarkdown(op, a[0], a[1]) : undefined;
  }
  const block = callee?.kind === "block" ? callee.decl : c.decls?.blocks.get(call.callee.name);
  const fn = block ? undefined : c.decls?.functions.get(call.callee.name);
  const decl = block ?? fn;
  const p = decl?.params.find((q) => q.name.name === keyword);
  if (!decl || !p) return undefined;
  return code(`${p.name.name}${p.default ? ` = ${source(p.default)}` : ""}`) + `parameter of ${decl.kind === "fn" ? "function" : "block"} \`${decl.name.name}\``;
}

function blockHover(c: Checked, d: A.BlockDecl): string {
  const apps = c.trace.applications.filter((a) => a.callee.kind === "block" && a.callee.decl.name.name === d.name.name);
  return code(blockSignature(d)) + (apps.length ? listed(apps.map((a) => instanceLine(c, a)), apps.length) : "");
}

function networkHover(c: Checked, d: A.NetworkDecl): string {
  const g = c.result.graph;
  if (!g || g.name !== d.name.name || !c.result.analysis) return code(networkSignature(d));
  const t = c.result.analysis.totals;
  const outs = g.outputs.map((o) => `\`${o.name}\` \`${formatShape(g.nodes[o.node]!.shape)}\``).join(", ");
  return code(networkSignature(d)) + `${g.nodes.length} nodes · ${totalsLine(t)}\n\noutputs ${outs}`;
}

/** A parameter's values in the runs that bound it, when any were recorded. */
function namedValues(c: Checked, ident: A.Ident): string {
  const vs = c.trace.namingsAt(ident.span.start).filter((n) => n.span.start === ident.span.start);
  return vs.length ? listed(vs.map((n) => valueLine(c, n.value)), vs.length) : "";
}

function listed(lines: readonly string[], times: number): string {
  const distinct = [...new Set(lines)];
  const shown = distinct.slice(0, MAX_SHOWN).map((l) => `- ${l}`);
  const runs = times > 1 ? `\n\n${times} runs of this place` : "";
  const more = distinct.length > MAX_SHOWN ? `\n- … ${distinct.length - MAX_SHOWN} more` : "";
  return shown.length ? `\n\n${shown.join("\n")}${more}${runs}` : "";
}

function code(s: string): string {
  return "```dlc\n" + s + "\n```\n";
}

function source(e: A.Expr): string {
  return e.span.source.text.slice(e.span.start, e.span.end);
}

