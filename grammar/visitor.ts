// CST → AST. Chevrotain hands each rule's children grouped by name (a token
// type, a rule, or the LABEL the parser gives them); cst.generated.ts types
// those groups, so every read below is checked against the grammar. This
// visitor turns them into the typed AST of ast.ts and attaches a span to
// every node. It runs only on a CST without syntax errors.

import type { CstNode, IToken } from "chevrotain";
import type { Span } from "../core/diagnostics/diagnostic.js";
import type { SourceFile } from "../core/diagnostics/source.js";
import type * as A from "./ast.js";
import type * as C from "./cst.generated.js";

type DeclNode = C.ImportDeclCstNode | C.BlockDeclCstNode | C.FnDeclCstNode | C.NetworkDeclCstNode | C.TrainDeclCstNode;
type StmtNode = C.InputStmtCstNode | C.OutputStmtCstNode | C.ReturnStmtCstNode | C.ForStmtCstNode | C.RepeatStmtCstNode | C.IfStmtCstNode | C.AssignStmtCstNode;
type TrainItemNode = C.LossItemCstNode | C.ConfigItemCstNode | C.FreezeItemCstNode | C.SettingItemCstNode;
type ExprNode =
  | C.ExprCstNode
  | C.PipeExprCstNode
  | C.OrExprCstNode
  | C.AndExprCstNode
  | C.CmpExprCstNode
  | C.AddExprCstNode
  | C.MulExprCstNode
  | C.UnaryExprCstNode
  | C.PowerExprCstNode
  | C.PostfixExprCstNode
  | C.PrimaryCstNode
  | C.ParenExprCstNode
  | C.ListExprCstNode;

/** The one child a rule must have; a missing one is a bug in the parser, not in the input. */
function one<T>(list: readonly T[] | undefined, what: string): T {
  const first = list?.[0];
  if (first === undefined) throw new Error(`internal: CST node '${what}' missing`);
  return first;
}

function unexpected(what: string, n: CstNode): never {
  throw new Error(`internal: unexpected ${what} ${n.name}`);
}

/** Sibling nodes of several rules, merged back into source order (Chevrotain groups them by rule). */
function inSourceOrder<T extends CstNode>(...groups: (readonly T[] | undefined)[]): T[] {
  return groups.flatMap((g) => g ?? []).sort((a, b) => a.location!.startOffset - b.location!.startOffset);
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

  private ident(t: IToken): A.Ident {
    return { kind: "ident", name: t.image, span: this.tokSpan(t) };
  }

  program(n: C.ProgramCstNode): A.Program {
    const ch = n.children;
    const decls = inSourceOrder<DeclNode>(ch.importDecl, ch.blockDecl, ch.fnDecl, ch.networkDecl, ch.trainDecl).map((d) => this.decl(d));
    return { decls, span: { source: this.source, start: 0, end: this.source.text.length } };
  }

  private decl(n: DeclNode): A.Decl {
    switch (n.name) {
      case "importDecl":
        return this.importDecl(n);
      case "blockDecl":
        return this.blockDecl(n);
      case "fnDecl":
        return this.fnDecl(n);
      case "networkDecl":
        return this.networkDecl(n);
      case "trainDecl":
        return this.trainDecl(n);
    }
    return unexpected("declaration", n);
  }

  private importDecl(n: C.ImportDeclCstNode): A.ImportDecl {
    const lit = one(n.children.StringLit, "StringLit");
    return { kind: "import", path: JSON.parse(lit.image) as string, span: this.nodeSpan(n) };
  }

  private blockDecl(n: C.BlockDeclCstNode): A.BlockDecl {
    const ch = n.children;
    return {
      kind: "block",
      name: this.ident(one(ch.name, "name")),
      params: this.params(one(ch.paramList, "paramList")),
      inputs: (ch.inputs ?? []).map((t) => this.ident(t)),
      body: this.body(one(ch.body, "body")),
      span: this.nodeSpan(n),
    };
  }

  private fnDecl(n: C.FnDeclCstNode): A.FnDecl {
    const ch = n.children;
    return {
      kind: "fn",
      name: this.ident(one(ch.name, "name")),
      params: this.params(one(ch.paramList, "paramList")),
      body: this.expr(one(ch.body, "body")),
      span: this.nodeSpan(n),
    };
  }

  private networkDecl(n: C.NetworkDeclCstNode): A.NetworkDecl {
    const ch = n.children;
    const pl = ch.paramList?.[0];
    return {
      kind: "network",
      name: this.ident(one(ch.Identifier, "Identifier")),
      params: pl ? this.params(pl) : [],
      body: this.body(one(ch.body, "body")),
      span: this.nodeSpan(n),
    };
  }

  private trainDecl(n: C.TrainDeclCstNode): A.TrainDecl {
    const ch = n.children;
    return {
      kind: "train",
      network: this.ident(one(ch.Identifier, "Identifier")),
      items: inSourceOrder<TrainItemNode>(ch.lossItem, ch.configItem, ch.freezeItem, ch.settingItem).map((i) => this.trainItem(i)),
      span: this.nodeSpan(n),
    };
  }

  private params(n: C.ParamListCstNode): A.Param[] {
    return (n.children.param ?? []).map((p) => {
      const e = p.children.expr?.[0];
      return { name: this.ident(one(p.children.Identifier, "Identifier")), default: e ? this.expr(e) : undefined, span: this.nodeSpan(p) };
    });
  }

  private body(n: C.BodyCstNode): A.Stmt[] {
    return (n.children.stmt ?? []).map((s) => this.stmt(this.stmtAlternative(s)));
  }

  /** The statement a `stmt` node wraps: exactly one of its alternatives. */
  private stmtAlternative(s: C.StmtCstNode): StmtNode {
    const ch = s.children;
    const inner: StmtNode | undefined =
      ch.inputStmt?.[0] ?? ch.outputStmt?.[0] ?? ch.returnStmt?.[0] ?? ch.forStmt?.[0] ?? ch.repeatStmt?.[0] ?? ch.ifStmt?.[0] ?? ch.assignStmt?.[0];
    if (!inner) throw new Error("internal: CST node 'stmt' is empty");
    return inner;
  }

  private pattern(n: C.PatternCstNode): A.Pattern {
    const ch = n.children;
    const ids = (ch.Identifier ?? []).map((t) => this.ident(t));
    if (!ch.LParen?.length && ids.length === 1) return ids[0]!;
    return { kind: "tuplePattern", names: ids, span: this.nodeSpan(n) };
  }

  private stmt(n: StmtNode): A.Stmt {
    const span = this.nodeSpan(n);
    switch (n.name) {
      case "inputStmt":
        return this.inputStmt(n.children, span);
      case "outputStmt":
        return this.outputStmt(n.children, span);
      case "returnStmt":
        return { kind: "return", value: this.expr(one(n.children.expr, "expr")), span };
      case "forStmt":
        return this.forStmt(n.children, span);
      case "repeatStmt":
        return { kind: "repeat", count: this.expr(one(n.children.expr, "expr")), body: this.body(one(n.children.body, "body")), span };
      case "ifStmt":
        return this.ifStmt(n.children, span);
      case "assignStmt":
        return this.assignStmt(n.children, span);
    }
    return unexpected("statement", n);
  }

  private inputStmt(ch: C.InputStmtCstChildren, span: Span): A.InputStmt {
    return { kind: "input", name: this.ident(one(ch.Identifier, "Identifier")), type: this.typeExpr(one(ch.typeExpr, "typeExpr")), span };
  }

  private outputStmt(ch: C.OutputStmtCstChildren, span: Span): A.OutputStmt {
    const e = ch.expr?.[0];
    return { kind: "output", name: this.ident(one(ch.Identifier, "Identifier")), value: e ? this.expr(e) : undefined, span };
  }

  private forStmt(ch: C.ForStmtCstChildren, span: Span): A.ForStmt {
    return {
      kind: "for",
      pattern: this.pattern(one(ch.pattern, "pattern")),
      iterable: this.expr(one(ch.expr, "expr")),
      body: this.body(one(ch.body, "body")),
      span,
    };
  }

  private ifStmt(ch: C.IfStmtCstChildren, span: Span): A.IfStmt {
    const elseIf = ch.elseIf?.[0];
    const elseBody = ch.else?.[0];
    return {
      kind: "if",
      cond: this.expr(one(ch.expr, "expr")),
      then: this.body(one(ch.then, "then")),
      else: elseIf ? [this.stmt(elseIf)] : elseBody ? this.body(elseBody) : undefined,
      span,
    };
  }

  private assignStmt(ch: C.AssignStmtCstChildren, span: Span): A.AssignStmt {
    const ids = ch.Identifier.map((t) => this.ident(t));
    const target: A.Pattern = ids.length === 1 ? ids[0]! : { kind: "tuplePattern", names: ids, span: this.join(ids[0]!.span, ids[ids.length - 1]!.span) };
    return { kind: "assign", target, value: this.expr(one(ch.expr, "expr")), span };
  }

  private typeExpr(n: C.TypeExprCstNode): A.TypeExpr {
    const t = n.children.Identifier?.[0];
    const d = n.children.dims?.[0];
    return { dtype: t ? this.ident(t) : undefined, dims: d ? (d.children.expr ?? []).map((e) => this.expr(e)) : undefined, span: this.nodeSpan(n) };
  }

  private trainItem(n: TrainItemNode): A.TrainItem {
    const span = this.nodeSpan(n);
    switch (n.name) {
      case "lossItem":
        return this.lossItem(n.children, span);
      case "configItem":
        return this.configItem(n.children, span);
      case "freezeItem":
        return this.freezeItem(n.children, span);
      case "settingItem":
        return { kind: "setting", name: this.ident(one(n.children.Identifier, "Identifier")), value: this.expr(one(n.children.expr, "expr")), span };
    }
    return unexpected("training item", n);
  }

  private lossItem(ch: C.LossItemCstChildren, span: Span): A.LossDecl {
    const ty = ch.typeExpr?.[0];
    return {
      kind: "loss",
      fn: this.ident(one(ch.fn, "fn")),
      output: this.ident(one(ch.output, "output")),
      label: this.ident(one(ch.label, "label")),
      labelType: ty ? this.typeExpr(ty) : undefined,
      args: (ch.arg ?? []).map((a) => this.arg(a)),
      span,
    };
  }

  private configItem(ch: C.ConfigItemCstChildren, span: Span): A.ConfigDecl {
    return {
      kind: ch.Optimizer?.length ? "optimizer" : "schedule",
      fn: this.ident(one(ch.Identifier, "Identifier")),
      args: this.argList(one(ch.argList, "argList")),
      span,
    };
  }

  private freezeItem(ch: C.FreezeItemCstChildren, span: Span): A.FreezeDecl {
    return {
      kind: "freeze",
      // The parser files every part of a dotted name under `part`, in source order.
      names: ch.dottedName.map((d) => ({ kind: "ident", name: d.children.part.map((p) => p.image).join("."), span: this.nodeSpan(d) })),
      span,
    };
  }

  private argList(n: C.ArgListCstNode): A.Arg[] {
    return (n.children.arg ?? []).map((a) => this.arg(a));
  }

  private arg(n: C.ArgCstNode): A.Arg {
    const t = n.children.Identifier?.[0];
    return { name: t ? this.ident(t) : undefined, value: this.expr(one(n.children.expr, "expr")), span: this.nodeSpan(n) };
  }

  expr(n: ExprNode): A.Expr {
    switch (n.name) {
      case "expr":
        return this.ternary(n);
      case "pipeExpr":
        return n.children.orExpr
          .map((e) => this.expr(e))
          .reduce((left, right) => ({ kind: "pipe", left, right, span: this.join(left.span, right.span) }));
      case "orExpr":
        return this.binaryChain(n.children.andExpr, n.children.OrOr);
      case "andExpr":
        return this.binaryChain(n.children.cmpExpr, n.children.AndAnd);
      case "cmpExpr":
        return this.comparison(n.children);
      case "addExpr":
        return this.binaryChain(n.children.mulExpr, n.children.op);
      case "mulExpr":
        return this.binaryChain(n.children.unaryExpr, n.children.op);
      case "unaryExpr":
        return this.unary(n);
      case "powerExpr":
        return this.power(n);
      case "postfixExpr":
        return this.postfix(n.children);
      case "primary":
        return this.primary(n);
      case "parenExpr": {
        const items = n.children.expr.map((e) => this.expr(e));
        if (items.length === 1 && !n.children.Comma?.length) return items[0]!;
        return { kind: "tuple", items, span: this.nodeSpan(n) };
      }
      case "listExpr":
        return { kind: "list", items: (n.children.expr ?? []).map((e) => this.expr(e)), span: this.nodeSpan(n) };
    }
    return unexpected("expression", n);
  }

  private ternary(n: C.ExprCstNode): A.Expr {
    const ch = n.children;
    const cond = this.expr(one(ch.pipeExpr, "pipeExpr"));
    const then = ch.then?.[0];
    if (!then) return cond;
    return { kind: "ternary", cond, then: this.expr(then), else: this.expr(one(ch.else, "else")), span: this.nodeSpan(n) };
  }

  private binaryOp(left: A.Expr, opTok: IToken, right: A.Expr): A.BinaryExpr {
    return { kind: "binary", op: opTok.image as A.BinaryOp, left, right, opSpan: this.tokSpan(opTok), span: this.join(left.span, right.span) };
  }

  /** `a op b op c`, left-associative: operand i+1 follows operator i. */
  private binaryChain(operands: readonly ExprNode[], ops: readonly IToken[] = []): A.Expr {
    if (operands.length !== ops.length + 1) throw new Error("internal: operands and operators of a chain do not alternate");
    let left = this.expr(operands[0]!);
    ops.forEach((opTok, i) => {
      left = this.binaryOp(left, opTok, this.expr(operands[i + 1]!));
    });
    return left;
  }

  private comparison(ch: C.CmpExprCstChildren): A.Expr {
    const left = this.expr(one(ch.lhs, "lhs"));
    const opTok = ch.op?.[0];
    if (!opTok) return left;
    return this.binaryOp(left, opTok, this.expr(one(ch.rhs, "rhs")));
  }

  private unary(n: C.UnaryExprCstNode): A.Expr {
    const ch = n.children;
    const op = ch.op?.[0];
    if (!op) return this.expr(one(ch.powerExpr, "powerExpr"));
    return { kind: "unary", op: op.image as "-" | "!", operand: this.expr(one(ch.unaryExpr, "unaryExpr")), span: this.nodeSpan(n) };
  }

  private power(n: C.PowerExprCstNode): A.Expr {
    const ch = n.children;
    const base = this.expr(one(ch.postfixExpr, "postfixExpr"));
    const exp = ch.unaryExpr?.[0];
    if (!exp) return base;
    const opTok = one(ch.Power, "Power");
    return { kind: "binary", op: "**", left: base, right: this.expr(exp), opSpan: this.tokSpan(opTok), span: this.nodeSpan(n) };
  }

  /**
   * `p.member`, `p[index]` and `p as alias`, applied in source order. Chevrotain
   * groups the three kinds apart, so each suffix is placed by the offset of its
   * last token (suffixes never overlap); the i-th index expression closes with
   * the i-th ']'.
   */
  private postfix(ch: C.PostfixExprCstChildren): A.Expr {
    type Suffix = { readonly at: number; readonly apply: (e: A.Expr) => A.Expr };
    const suffixes: Suffix[] = [];
    for (const m of ch.member ?? []) {
      suffixes.push({ at: m.startOffset, apply: (e) => ({ kind: "member", object: e, member: this.ident(m), span: this.join(e.span, this.tokSpan(m)) }) });
    }
    const indices = ch.expr ?? [];
    const closes = ch.RBracket ?? [];
    if (indices.length !== closes.length) throw new Error("internal: index expressions and ']' do not pair up");
    indices.forEach((idx, i) => {
      const close = closes[i]!;
      suffixes.push({ at: close.startOffset, apply: (e) => ({ kind: "index", object: e, index: this.expr(idx), span: this.join(e.span, this.tokSpan(close)) }) });
    });
    for (const m of ch.alias ?? []) {
      suffixes.push({ at: m.startOffset, apply: (e) => ({ kind: "named", expr: e, name: this.ident(m), span: this.join(e.span, this.tokSpan(m)) }) });
    }
    suffixes.sort((a, b) => a.at - b.at);
    return suffixes.reduce((e, s) => s.apply(e), this.expr(one(ch.primary, "primary")));
  }

  private primary(n: C.PrimaryCstNode): A.Expr {
    const ch = n.children;
    const span = this.nodeSpan(n);
    const num = ch.NumberLit?.[0];
    if (num) return { kind: "number", value: Number(num.image), span };
    const str = ch.StringLit?.[0];
    if (str) return { kind: "string", value: JSON.parse(str.image) as string, span };
    if (ch.True?.length) return { kind: "bool", value: true, span };
    if (ch.False?.length) return { kind: "bool", value: false, span };
    const id = ch.Identifier?.[0];
    if (id) {
      const al = ch.argList?.[0];
      if (!al) return this.ident(id);
      return { kind: "call", callee: this.ident(id), args: this.argList(al), span };
    }
    const sub = ch.parenExpr?.[0] ?? ch.listExpr?.[0];
    if (!sub) throw new Error("internal: CST node 'primary' is empty");
    return this.expr(sub);
  }
}
