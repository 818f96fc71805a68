// Completion: in a layer call's arguments, the layer's attributes (type,
// default, doc; aliases too) that are not given yet, or a block's or
// function's parameters, then the names a value may be; after `NAME=` the
// allowed strings or booleans of that attribute; in `import "…"` the
// standard library's modules; elsewhere layers (with aliases), blocks and
// functions in scope, builtins, the body's variables and the keywords.

import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from "vscode-languageserver";
import { stdlibDir } from "../../compiler/elaborate/modules.js";
import { builtins } from "../../compiler/elaborate/builtins.js";
import type * as A from "../../grammar/ast.js";
import { forwardOps, lookupOp } from "../../ops/registry.js";
import type { OpDef } from "../../ops/contract.js";
import type { Checked } from "./check.js";
import { attrNamed, attrSignature, blockSignature, fnSignature, opMarkdown, visibleAttrs } from "./describe.js";
import { cursorContext } from "./call_context.js";
import { bodiesOf, boundNames } from "./syntax.js";

const KEYWORDS = ["import", "block", "network", "fn", "train", "input", "output", "return", "for", "in", "repeat", "if", "else", "as", "true", "false", "loss", "optimizer", "schedule", "freeze"];

export function completionsAt(c: Checked, offset: number): CompletionItem[] {
  const cx = cursorContext(c.text, offset);
  switch (cx.kind) {
    case "comment":
      return [];
    case "import":
      return stdModules().map((m) => ({ label: m, kind: CompletionItemKind.Module, detail: "standard library" }));
    case "argument": {
      if (cx.value !== undefined) return attrValues(c, cx.callee, cx.value);
      return [...argumentNames(c, cx.callee, cx.given), ...names(c, offset)];
    }
    case "expression":
      return [...names(c, offset), ...KEYWORDS.map((k) => ({ label: k, kind: CompletionItemKind.Keyword, sortText: `4${k}` }))];
  }
}

/** The layer a call names (by name or alias), unless a block, function or variable of that name is meant. */
function layerOf(c: Checked, callee: string): OpDef | undefined {
  if (c.decls?.blocks.has(callee) || c.decls?.functions.has(callee)) return undefined;
  const op = lookupOp(callee);
  return op && (op.role ?? "forward") === "forward" && op.name !== "input" ? op : undefined;
}

function argumentNames(c: Checked, callee: string, given: ReadonlySet<string>): CompletionItem[] {
  const op = layerOf(c, callee);
  if (op) {
    const items: CompletionItem[] = [];
    visibleAttrs(op).forEach(([name, spec], i) => {
      if ([name, ...(spec.aliases ?? [])].some((n) => given.has(n))) return;
      const doc = { kind: "markdown" as const, value: `${spec.doc}${spec.aliases?.length ? `\n\nalias ${spec.aliases.map((a) => `\`${a}\``).join(", ")}` : ""}` };
      const sort = `0${String(i).padStart(2, "0")}`;
      items.push({ label: name, kind: CompletionItemKind.Property, detail: attrSignature(name, spec), documentation: doc, insertText: `${name}=`, sortText: `${sort}a` });
      for (const a of spec.aliases ?? []) {
        items.push({ label: a, kind: CompletionItemKind.Property, detail: `alias of ${attrSignature(name, spec)}`, documentation: doc, insertText: `${a}=`, sortText: `${sort}b` });
      }
    });
    return items;
  }
  const decl: A.BlockDecl | A.FnDecl | undefined = c.decls?.blocks.get(callee) ?? c.decls?.functions.get(callee);
  return (decl?.params ?? [])
    .filter((p) => !given.has(p.name.name))
    .map((p, i) => ({
      label: p.name.name,
      kind: CompletionItemKind.Property,
      detail: p.default ? `${p.name.name} = ${p.default.span.source.text.slice(p.default.span.start, p.default.span.end)}` : `${p.name.name} (required)`,
      documentation: `parameter of ${decl!.kind === "fn" ? fnSignature(decl as A.FnDecl) : blockSignature(decl as A.BlockDecl)}`,
      insertText: `${p.name.name}=`,
      sortText: `0${String(i).padStart(2, "0")}`,
    }));
}

/** After `NAME=`: the strings an attribute allows, or true and false. */
function attrValues(c: Checked, callee: string, keyword: string): CompletionItem[] {
  const op = layerOf(c, callee);
  const a = op ? attrNamed(op, keyword) : undefined;
  if (!a) return names(c, undefined);
  const [, spec] = a;
  const values = spec.type === "bool" ? ["true", "false"] : spec.type === "padding" ? ['"same"', '"valid"'] : (spec.oneOf ?? []).map((s) => `"${s}"`);
  return values.map((v, i) => ({ label: v, kind: CompletionItemKind.Value, detail: attrSignature(a[0], spec), sortText: String(i).padStart(2, "0") }));
}

/** Layers, blocks, functions, builtins and the variables of the body around `offset`. */
function names(c: Checked, offset: number | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const op of forwardOps) {
    if (op.name === "input") continue;
    const doc = { kind: "markdown" as const, value: opMarkdown(op) };
    items.push({ label: op.name, kind: CompletionItemKind.Function, detail: "layer", documentation: doc, sortText: `2${op.name}` });
    for (const a of op.aliases ?? []) items.push({ label: a, kind: CompletionItemKind.Function, detail: `layer, alias of ${op.name}`, documentation: doc, sortText: `2${a}` });
  }
  for (const d of c.decls?.blocks.values() ?? []) {
    items.push({ label: d.name.name, kind: CompletionItemKind.Class, detail: blockSignature(d), sortText: `1${d.name.name}` });
  }
  for (const d of c.decls?.functions.values() ?? []) {
    items.push({ label: d.name.name, kind: CompletionItemKind.Function, detail: fnSignature(d), insertText: `${d.name.name}($1)`, insertTextFormat: InsertTextFormat.Snippet, sortText: `1${d.name.name}` });
  }
  for (const b of Object.keys(builtins)) items.push({ label: b, kind: CompletionItemKind.Function, detail: "builtin", sortText: `3${b}` });
  for (const v of variablesAt(c, offset)) items.push({ label: v, kind: CompletionItemKind.Variable, sortText: `0${v}` });
  return items;
}

/** Names bound in the body around `offset`: from the syntax tree, else (a file that does not parse) assignments by their look. */
function variablesAt(c: Checked, offset: number | undefined): string[] {
  const found = new Set<string>();
  const body = c.program && offset !== undefined ? bodiesOf(c.program).find((b) => b.span.start <= offset && offset <= b.span.end) : undefined;
  if (body) {
    for (const n of boundNames(body)) found.add(n);
  } else {
    for (const m of c.text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/gm)) found.add(m[1]!);
    for (const m of c.text.matchAll(/\binput\s+([A-Za-z_][A-Za-z0-9_]*)/g)) found.add(m[1]!);
  }
  return [...found].filter((n) => !KEYWORDS.includes(n));
}

let stdCache: string[] | undefined;

/** `std/blocks`, `std/models/resnet50`, …: every .net file under stdlib/. */
function stdModules(): string[] {
  if (stdCache) return stdCache;
  const root = stdlibDir();
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && depth < 3) walk(join(dir, e.name), depth + 1);
      else if (e.isFile() && e.name.endsWith(".net")) out.push(`std/${relative(root, join(dir, e.name)).replace(/\\/g, "/").replace(/\.net$/, "")}`);
    }
  };
  walk(root, 0);
  stdCache = out.sort();
  return stdCache;
}
