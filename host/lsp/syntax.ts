// What is written at a place of a file: the name under the cursor and the
// part it plays (a layer called, an attribute keyword, a declaration's
// name, a variable bound or used ...), the import there, and where a
// variable of a body is bound. Read from the syntax tree alone; what the
// names mean comes from the check (hover.ts, definition.ts).

import type * as A from "../../grammar/ast.js";
import { covers } from "./positions.js";

export type Body = A.BlockDecl | A.NetworkDecl | A.FnDecl;

export type Role =
  /** The name called: `conv` in `conv(64, k=3)`. */
  | { readonly kind: "callee"; readonly call: A.CallExpr }
  /** An attribute keyword: `k` in `conv(64, k=3)`. */
  | { readonly kind: "attr"; readonly call: A.CallExpr; readonly arg: A.Arg }
  | { readonly kind: "declName"; readonly decl: Body }
  | { readonly kind: "param"; readonly decl: Body; readonly param: A.Param }
  /** Bound by an assignment, input, output, loop or a block's tensor input list; visible from offset `from` on. */
  | { readonly kind: "binding"; readonly from: number }
  /** `as NAME`. */
  | { readonly kind: "layerName" }
  | { readonly kind: "member" }
  /** The network a training section names. */
  | { readonly kind: "trainNetwork"; readonly train: A.TrainDecl }
  /** Names inside a training section's items: a loss, its output or label, an optimizer, frozen layers. */
  | { readonly kind: "trainItem"; readonly train: A.TrainDecl; readonly item: A.TrainItem }
  /** Any other name in an expression: a variable, layer or block used. */
  | { readonly kind: "use" };

export interface IdentAt {
  readonly ident: A.Ident;
  readonly role: Role;
  /** The network, block or function whose body holds it. */
  readonly body?: Body;
}

type Visit = (id: A.Ident, role: Role) => void;

function walkExpr(e: A.Expr, visit: Visit): void {
  switch (e.kind) {
    case "ident":
      return visit(e, { kind: "use" });
    case "list":
    case "tuple":
      return e.items.forEach((i) => walkExpr(i, visit));
    case "unary":
      return walkExpr(e.operand, visit);
    case "binary":
      walkExpr(e.left, visit);
      return walkExpr(e.right, visit);
    case "ternary":
      walkExpr(e.cond, visit);
      walkExpr(e.then, visit);
      return walkExpr(e.else, visit);
    case "call":
      visit(e.callee, { kind: "callee", call: e });
      for (const a of e.args) {
        if (a.name) visit(a.name, { kind: "attr", call: e, arg: a });
        walkExpr(a.value, visit);
      }
      return;
    case "pipe":
      walkExpr(e.left, visit);
      return walkExpr(e.right, visit);
    case "member":
      walkExpr(e.object, visit);
      return visit(e.member, { kind: "member" });
    case "index":
      walkExpr(e.object, visit);
      return walkExpr(e.index, visit);
    case "named":
      walkExpr(e.expr, visit);
      return visit(e.name, { kind: "layerName" });
    case "number":
    case "string":
    case "bool":
      return;
  }
}

function patternNames(p: A.Pattern): readonly A.Ident[] {
  return p.kind === "ident" ? [p] : p.names;
}

function walkStmts(ss: readonly A.Stmt[], visit: Visit): void {
  for (const s of ss) {
    switch (s.kind) {
      case "input":
        visit(s.name, { kind: "binding", from: s.span.end });
        s.type.dims?.forEach((d) => walkExpr(d, visit));
        break;
      case "output":
        if (s.value) {
          visit(s.name, { kind: "binding", from: s.span.end });
          walkExpr(s.value, visit);
        } else visit(s.name, { kind: "use" });
        break;
      case "assign":
        patternNames(s.target).forEach((n) => visit(n, { kind: "binding", from: s.span.end }));
        walkExpr(s.value, visit);
        break;
      case "return":
        walkExpr(s.value, visit);
        break;
      case "for":
        patternNames(s.pattern).forEach((n) => visit(n, { kind: "binding", from: n.span.end }));
        walkExpr(s.iterable, visit);
        walkStmts(s.body, visit);
        break;
      case "repeat":
        walkExpr(s.count, visit);
        walkStmts(s.body, visit);
        break;
      case "if":
        walkExpr(s.cond, visit);
        walkStmts(s.then, visit);
        walkStmts(s.else ?? [], visit);
        break;
    }
  }
}

/** Every name of a declaration, with its part, in source order. */
function walkDecl(d: A.Decl, visit: (id: A.Ident, role: Role, body?: Body) => void): void {
  if (d.kind === "import") return;
  if (d.kind === "train") {
    visit(d.network, { kind: "trainNetwork", train: d });
    for (const item of d.items) {
      const role: Role = { kind: "trainItem", train: d, item };
      if (item.kind === "loss") [item.fn, item.output, item.label].forEach((n) => visit(n, role));
      else if (item.kind === "freeze") item.names.forEach((n) => visit(n, role));
      else if (item.kind === "setting") {
        visit(item.name, role);
        walkExpr(item.value, (id, r) => visit(id, r));
      } else visit(item.fn, role);
      if (item.kind === "loss" || item.kind === "optimizer" || item.kind === "schedule") {
        for (const a of item.args) {
          if (a.name) visit(a.name, role);
          walkExpr(a.value, (id, r) => visit(id, r));
        }
      }
    }
    return;
  }
  visit(d.name, { kind: "declName", decl: d }, d);
  for (const p of d.params) {
    visit(p.name, { kind: "param", decl: d, param: p }, d);
    if (p.default) walkExpr(p.default, (id, r) => visit(id, r, d));
  }
  if (d.kind === "block") d.inputs.forEach((i) => visit(i, { kind: "binding", from: i.span.end }, d));
  if (d.kind === "fn") walkExpr(d.body, (id, r) => visit(id, r, d));
  else walkStmts(d.body, (id, r) => visit(id, r, d));
}

/** The name under `offset`, if any. */
export function identAt(program: A.Program, offset: number): IdentAt | undefined {
  for (const d of program.decls) {
    if (!covers(d.span, offset)) continue;
    let found: IdentAt | undefined;
    walkDecl(d, (ident, role, body) => {
      if (!found && covers(ident.span, offset)) found = { ident, role, body };
    });
    return found;
  }
  return undefined;
}

export function importAt(program: A.Program, offset: number): A.ImportDecl | undefined {
  return program.decls.find((d): d is A.ImportDecl => d.kind === "import" && covers(d.span, offset));
}

/** A place `name` is bound, and the offset from which a use sees it. */
export interface Binding {
  readonly ident: A.Ident;
  readonly from: number;
}

/** Where `name` is bound in `body` (parameters, tensor inputs, assignments, inputs, outputs, loop variables), in source order. */
export function bindingsIn(body: Body, name: string): Binding[] {
  const out: Binding[] = [];
  walkDecl(body, (ident, role) => {
    if (ident.name !== name) return;
    if (role.kind === "binding") out.push({ ident, from: role.from });
    else if (role.kind === "param") out.push({ ident, from: ident.span.end });
  });
  return out;
}

/** Every name bound in `body`, once each, in source order. */
export function boundNames(body: Body): string[] {
  const out = new Set<string>();
  walkDecl(body, (ident, role) => {
    if (role.kind === "binding" || role.kind === "param") out.add(ident.name);
  });
  return [...out];
}

/** The networks, blocks and functions the file declares. */
export function bodiesOf(program: A.Program): Body[] {
  return program.decls.filter((d): d is Body => d.kind === "block" || d.kind === "network" || d.kind === "fn");
}
