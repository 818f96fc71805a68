// The abstract syntax tree of a .net file. Every node keeps the span of the
// source it came from, so that every later diagnostic can point at it.

import type { Span } from "../core/diagnostics/diagnostic.js";

export interface Node {
  readonly span: Span;
}

export interface Ident extends Node {
  readonly kind: "ident";
  readonly name: string;
}

export type Expr =
  | NumberExpr
  | StringExpr
  | BoolExpr
  | Ident
  | ListExpr
  | TupleExpr
  | UnaryExpr
  | BinaryExpr
  | TernaryExpr
  | CallExpr
  | PipeExpr
  | MemberExpr
  | IndexExpr
  | NamedExpr;

export interface NumberExpr extends Node { readonly kind: "number"; readonly value: number }
export interface StringExpr extends Node { readonly kind: "string"; readonly value: string }
export interface BoolExpr extends Node { readonly kind: "bool"; readonly value: boolean }
export interface ListExpr extends Node { readonly kind: "list"; readonly items: readonly Expr[] }
/** `(a, b)`; a parenthesised single expression is not a tuple. */
export interface TupleExpr extends Node { readonly kind: "tuple"; readonly items: readonly Expr[] }
export interface UnaryExpr extends Node { readonly kind: "unary"; readonly op: "-" | "!"; readonly operand: Expr }
export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
export interface BinaryExpr extends Node { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly opSpan: Span }
export interface TernaryExpr extends Node { readonly kind: "ternary"; readonly cond: Expr; readonly then: Expr; readonly else: Expr }

export interface Arg extends Node {
  /** Keyword, or undefined for a positional argument. */
  readonly name?: Ident;
  readonly value: Expr;
}

export interface CallExpr extends Node { readonly kind: "call"; readonly callee: Ident; readonly args: readonly Arg[] }
/** `left |> right`: right is applied to left; a call on the right gets left as its first argument. */
export interface PipeExpr extends Node { readonly kind: "pipe"; readonly left: Expr; readonly right: Expr }
export interface MemberExpr extends Node { readonly kind: "member"; readonly object: Expr; readonly member: Ident }
export interface IndexExpr extends Node { readonly kind: "index"; readonly object: Expr; readonly index: Expr }
/** `conv(64, k=3) as c1`: names the layer that the expression creates. */
export interface NamedExpr extends Node { readonly kind: "named"; readonly expr: Expr; readonly name: Ident }

/** `f32[3, 224, 224]`, `[3, 224, 224]`, `int`: element type and per-sample shape. */
export interface TypeExpr extends Node {
  readonly dtype?: Ident;
  readonly dims?: readonly Expr[];
}

export type Pattern = Ident | { readonly kind: "tuplePattern"; readonly names: readonly Ident[]; readonly span: Span };

export type Stmt = InputStmt | OutputStmt | AssignStmt | ReturnStmt | ForStmt | RepeatStmt | IfStmt;

export interface InputStmt extends Node { readonly kind: "input"; readonly name: Ident; readonly type: TypeExpr }
export interface OutputStmt extends Node { readonly kind: "output"; readonly name: Ident; readonly value?: Expr }
export interface AssignStmt extends Node { readonly kind: "assign"; readonly target: Pattern; readonly value: Expr }
export interface ReturnStmt extends Node { readonly kind: "return"; readonly value: Expr }
export interface ForStmt extends Node { readonly kind: "for"; readonly pattern: Pattern; readonly iterable: Expr; readonly body: readonly Stmt[] }
export interface RepeatStmt extends Node { readonly kind: "repeat"; readonly count: Expr; readonly body: readonly Stmt[] }
export interface IfStmt extends Node { readonly kind: "if"; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[] }

export interface Param extends Node {
  readonly name: Ident;
  readonly default?: Expr;
}

export interface BlockDecl extends Node {
  readonly kind: "block";
  readonly name: Ident;
  readonly params: readonly Param[];
  /** Tensor inputs, bound in order to the tensors a call passes. */
  readonly inputs: readonly Ident[];
  readonly body: readonly Stmt[];
}

/** `fn NAME(PARAMS) = EXPR`: computes a value at compile time from its arguments alone. */
export interface FnDecl extends Node {
  readonly kind: "fn";
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly body: Expr;
}

export interface NetworkDecl extends Node {
  readonly kind: "network";
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
}

/** One argument of a loss: an output name, or a label with its type. */
export interface LossDecl extends Node {
  readonly kind: "loss";
  readonly fn: Ident;
  readonly output: Ident;
  readonly label: Ident;
  readonly labelType?: TypeExpr;
  readonly args: readonly Arg[];
}

export interface ConfigDecl extends Node {
  readonly kind: "optimizer" | "schedule";
  readonly fn: Ident;
  readonly args: readonly Arg[];
}

export interface FreezeDecl extends Node {
  readonly kind: "freeze";
  readonly names: readonly Ident[];
}

export interface SettingDecl extends Node {
  readonly kind: "setting";
  readonly name: Ident;
  readonly value: Expr;
}

export type TrainItem = LossDecl | ConfigDecl | FreezeDecl | SettingDecl;

export interface TrainDecl extends Node {
  readonly kind: "train";
  readonly network: Ident;
  readonly items: readonly TrainItem[];
}

export interface ImportDecl extends Node {
  readonly kind: "import";
  readonly path: string;
}

export type Decl = ImportDecl | BlockDecl | FnDecl | NetworkDecl | TrainDecl;

export interface Program extends Node {
  readonly decls: readonly Decl[];
}
