// CST → AST. Chevrotain hands each rule's children grouped by name; this
// visitor turns them into the typed AST of ast.ts and attaches a span to
// every node. It runs only on a CST without syntax errors.

import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../core/diagnostics/diagnostic.js";
import type { SourceFile } from "../core/diagnostics/source.js";
import type * as A from "./ast.js";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

export class AstBuilder {
  constructor(private readonly source: SourceFile) {}

  private tokSpan(t: IToken): Span {
    return { source: this.source, start: t.startOffset, end: t.startOffset + t.image.length };
  }

  private nodeSpan(n: CstNode): Span {
    const loc = n.location!;
    return { source: this.source, start: loc.startOffset, end: (loc.endOffset ?? loc.startOffset) + 1 };
  }

  private join(a: Span, b: Span): Span {
    return { source: this.source, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
  }

  private nodes(ch: Children, key: string): CstNode[] {
    return (ch[key] ?? []).filter((e): e is CstNode => !isToken(e));
  }

  private node(ch: Children, key: string, i = 0): CstNode {
    const n = this.nodes(ch, key)[i];
    if (!n) throw new Error(`internal: CST node '${key}' missing`);
    return n;
  }

  private tokens(ch: Children, key: string): IToken[] {
    return (ch[key] ?? []).filter(isToken);
  }

  private ident(t: IToken): A.Ident {
    return { kind: "ident", name: t.image, span: this.tokSpan(t) };
  }

  /** The children of a node in source order, tokens and sub-nodes alike. */
  private ordered(n: CstNode): CstElement[] {
    const all = Object.values(n.children).flatMap((v) => v ?? []);
    const pos = (e: CstElement) => (isToken(e) ? e.startOffset : e.location!.startOffset);
    return all.sort((a, b) => pos(a) - pos(b));
  }

  program(n: CstNode): A.Program {
    const decls = this.ordered(n)
      .filter((e): e is CstNode => !isToken(e))
      .map((d) => this.decl(d));
    return { decls, span: { source: this.source, start: 0, end: this.source.text.length } };
  }

  private decl(n: CstNode): A.Decl {
    const ch = n.children;
    switch (n.name) {
      case "importDecl": {
        const lit = this.tokens(ch, "StringLit")[0]!;
        return { kind: "import", path: JSON.parse(lit.image) as string, span: this.nodeSpan(n) };
      }
      case "blockDecl":
        return {
          kind: "block",
          name: this.ident(this.tokens(ch, "Identifier")[0]!),
          params: this.params(this.node(ch, "paramList")),
          inputs: this.tokens(ch, "Identifier").slice(1).map((t) => this.ident(t)),
          body: this.body(this.node(ch, "body")),
          span: this.nodeSpan(n),
        };
      case "networkDecl": {
        const pl = this.nodes(ch, "paramList")[0];
        return {
          kind: "network",
          name: this.ident(this.tokens(ch, "Identifier")[0]!),
          params: pl ? this.params(pl) : [],
          body: this.body(this.node(ch, "body")),
          span: this.nodeSpan(n),
        };
      }
      case "trainDecl":
        return {
          kind: "train",
          network: this.ident(this.tokens(ch, "Identifier")[0]!),
          items: this.ordered(n)
            .filter((e): e is CstNode => !isToken(e))
            .map((i) => this.trainItem(i)),
          span: this.nodeSpan(n),
        };
    }
    throw new Error(`internal: unexpected declaration ${n.name}`);
  }

  private params(n: CstNode): A.Param[] {
    return this.nodes(n.children, "param").map((p) => {
      const e = this.nodes(p.children, "expr")[0];
      return { name: this.ident(this.tokens(p.children, "Identifier")[0]!), default: e ? this.expr(e) : undefined, span: this.nodeSpan(p) };
    });
  }

  private body(n: CstNode): A.Stmt[] {
    return this.nodes(n.children, "stmt").map((s) => this.stmt(s.children[Object.keys(s.children)[0]!]![0] as CstNode));
  }

  private pattern(n: CstNode): A.Pattern {
    const ids = this.tokens(n.children, "Identifier").map((t) => this.ident(t));
    if (this.tokens(n.children, "LParen").length === 0 && ids.length === 1) return ids[0]!;
    return { kind: "tuplePattern", names: ids, span: this.nodeSpan(n) };
  }

  private stmt(n: CstNode): A.Stmt {
    const ch = n.children;
    const span = this.nodeSpan(n);
    switch (n.name) {
      case "inputStmt":
        return { kind: "input", name: this.ident(this.tokens(ch, "Identifier")[0]!), type: this.typeExpr(this.node(ch, "typeExpr")), span };
      case "outputStmt": {
        const e = this.nodes(ch, "expr")[0];
        return { kind: "output", name: this.ident(this.tokens(ch, "Identifier")[0]!), value: e ? this.expr(e) : undefined, span };
      }
      case "returnStmt":
        return { kind: "return", value: this.expr(this.node(ch, "expr")), span };
      case "forStmt":
        return { kind: "for", pattern: this.pattern(this.node(ch, "pattern")), iterable: this.expr(this.node(ch, "expr")), body: this.body(this.node(ch, "body")), span };
      case "repeatStmt":
        return { kind: "repeat", count: this.expr(this.node(ch, "expr")), body: this.body(this.node(ch, "body")), span };
      case "ifStmt": {
        const bodies = this.nodes(ch, "body");
        const elseIf = this.nodes(ch, "ifStmt")[0];
        return {
          kind: "if",
          cond: this.expr(this.node(ch, "expr")),
          then: this.body(bodies[0]!),
          else: elseIf ? [this.stmt(elseIf)] : bodies[1] ? this.body(bodies[1]) : undefined,
          span,
        };
      }
      case "assignStmt": {
        const ids = this.tokens(ch, "Identifier").map((t) => this.ident(t));
        const target: A.Pattern = ids.length === 1 ? ids[0]! : { kind: "tuplePattern", names: ids, span: this.join(ids[0]!.span, ids[ids.length - 1]!.span) };
        return { kind: "assign", target, value: this.expr(this.node(ch, "expr")), span };
      }
    }
    throw new Error(`internal: unexpected statement ${n.name}`);
  }

  private typeExpr(n: CstNode): A.TypeExpr {
    const t = this.tokens(n.children, "Identifier")[0];
    const d = this.nodes(n.children, "dims")[0];
    return { dtype: t ? this.ident(t) : undefined, dims: d ? this.nodes(d.children, "expr").map((e) => this.expr(e)) : undefined, span: this.nodeSpan(n) };
  }

  private trainItem(n: CstNode): A.TrainItem {
    const ch = n.children;
    const span = this.nodeSpan(n);
    const ids = this.tokens(ch, "Identifier");
    switch (n.name) {
      case "lossItem": {
        const ty = this.nodes(ch, "typeExpr")[0];
        return {
          kind: "loss",
          fn: this.ident(ids[0]!),
          output: this.ident(ids[1]!),
          label: this.ident(ids[2]!),
          labelType: ty ? this.typeExpr(ty) : undefined,
          args: this.nodes(ch, "arg").map((a) => this.arg(a)),
          span,
        };
      }
      case "configItem":
        return {
          kind: this.tokens(ch, "Optimizer").length ? "optimizer" : "schedule",
          fn: this.ident(ids[0]!),
          args: this.argList(this.node(ch, "argList")),
          span,
        };
      case "freezeItem":
        return {
          kind: "freeze",
          names: this.nodes(ch, "dottedName").map((d) => {
            const parts = this.ordered(d).filter((e): e is IToken => isToken(e) && e.image !== ".");
            return { kind: "ident", name: parts.map((p) => p.image).join("."), span: this.nodeSpan(d) };
          }),
          span,
        };
      case "settingItem":
        return { kind: "setting", name: this.ident(ids[0]!), value: this.expr(this.node(ch, "expr")), span };
    }
    throw new Error(`internal: unexpected training item ${n.name}`);
  }

  private argList(n: CstNode): A.Arg[] {
    return this.nodes(n.children, "arg").map((a) => this.arg(a));
  }

  private arg(n: CstNode): A.Arg {
    const t = this.tokens(n.children, "Identifier")[0];
    return { name: t ? this.ident(t) : undefined, value: this.expr(this.node(n.children, "expr")), span: this.nodeSpan(n) };
  }

  expr(n: CstNode): A.Expr {
    const ch = n.children;
    switch (n.name) {
      case "expr": {
        const parts = this.nodes(ch, "expr");
        const cond = this.expr(this.node(ch, "pipeExpr"));
        if (parts.length === 0) return cond;
        return { kind: "ternary", cond, then: this.expr(parts[0]!), else: this.expr(parts[1]!), span: this.nodeSpan(n) };
      }
      case "pipeExpr":
        return this.nodes(ch, "orExpr")
          .map((e) => this.expr(e))
          .reduce((left, right) => ({ kind: "pipe", left, right, span: this.join(left.span, right.span) }));
      case "orExpr":
      case "andExpr":
      case "cmpExpr":
      case "addExpr":
      case "mulExpr":
        return this.binaryChain(n);
      case "unaryExpr": {
        const op = this.tokens(ch, "Minus")[0] ?? this.tokens(ch, "Bang")[0];
        if (!op) return this.expr(this.node(ch, "powerExpr"));
        return { kind: "unary", op: op.image as "-" | "!", operand: this.expr(this.node(ch, "unaryExpr")), span: this.nodeSpan(n) };
      }
      case "powerExpr": {
        const base = this.expr(this.node(ch, "postfixExpr"));
        const exp = this.nodes(ch, "unaryExpr")[0];
        if (!exp) return base;
        const opTok = this.tokens(ch, "Power")[0]!;
        return { kind: "binary", op: "**", left: base, right: this.expr(exp), opSpan: this.tokSpan(opTok), span: this.nodeSpan(n) };
      }
      case "postfixExpr":
        return this.postfix(n);
      case "primary":
        return this.primary(n);
      case "parenExpr": {
        const items = this.nodes(ch, "expr").map((e) => this.expr(e));
        if (items.length === 1 && this.tokens(ch, "Comma").length === 0) return items[0]!;
        return { kind: "tuple", items, span: this.nodeSpan(n) };
      }
      case "listExpr":
        return { kind: "list", items: this.nodes(ch, "expr").map((e) => this.expr(e)), span: this.nodeSpan(n) };
    }
    throw new Error(`internal: unexpected expression ${n.name}`);
  }

  private binaryChain(n: CstNode): A.Expr {
    const elems = this.ordered(n);
    let left = this.expr(elems[0] as CstNode);
    for (let i = 1; i + 1 < elems.length; i += 2) {
      const opTok = elems[i] as IToken;
      const right = this.expr(elems[i + 1] as CstNode);
      left = { kind: "binary", op: opTok.image as A.BinaryOp, left, right, opSpan: this.tokSpan(opTok), span: this.join(left.span, right.span) };
    }
    return left;
  }

  private postfix(n: CstNode): A.Expr {
    const elems = this.ordered(n);
    let e = this.expr(elems[0] as CstNode);
    for (let i = 1; i < elems.length; ) {
      const t = elems[i] as IToken;
      if (t.image === ".") {
        const m = elems[i + 1] as IToken;
        e = { kind: "member", object: e, member: this.ident(m), span: this.join(e.span, this.tokSpan(m)) };
        i += 2;
      } else if (t.image === "[") {
        const idx = this.expr(elems[i + 1] as CstNode);
        const close = elems[i + 2] as IToken;
        e = { kind: "index", object: e, index: idx, span: this.join(e.span, this.tokSpan(close)) };
        i += 3;
      } else {
        const m = elems[i + 1] as IToken;
        e = { kind: "named", expr: e, name: this.ident(m), span: this.join(e.span, this.tokSpan(m)) };
        i += 2;
      }
    }
    return e;
  }

  private primary(n: CstNode): A.Expr {
    const ch = n.children;
    const span = this.nodeSpan(n);
    const num = this.tokens(ch, "NumberLit")[0];
    if (num) return { kind: "number", value: Number(num.image), span };
    const str = this.tokens(ch, "StringLit")[0];
    if (str) return { kind: "string", value: JSON.parse(str.image) as string, span };
    if (this.tokens(ch, "True").length) return { kind: "bool", value: true, span };
    if (this.tokens(ch, "False").length) return { kind: "bool", value: false, span };
    const id = this.tokens(ch, "Identifier")[0];
    if (id) {
      const al = this.nodes(ch, "argList")[0];
      if (!al) return this.ident(id);
      return { kind: "call", callee: this.ident(id), args: this.argList(al), span };
    }
    const sub = this.nodes(ch, "parenExpr")[0] ?? this.nodes(ch, "listExpr")[0];
    return this.expr(sub!);
  }
}
