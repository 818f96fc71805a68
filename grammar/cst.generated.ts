// Generated from grammar/parser.ts by `npm run gen:cst` (scripts/gen_cst.ts); do not edit.
// tests/grammar/cst_types.test.ts fails when this file and the parser disagree.

import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ProgramCstNode extends CstNode {
  name: "program";
  children: ProgramCstChildren;
}

export type ProgramCstChildren = {
  importDecl?: ImportDeclCstNode[];
  blockDecl?: BlockDeclCstNode[];
  fnDecl?: FnDeclCstNode[];
  networkDecl?: NetworkDeclCstNode[];
  trainDecl?: TrainDeclCstNode[];
};

export interface ImportDeclCstNode extends CstNode {
  name: "importDecl";
  children: ImportDeclCstChildren;
}

export type ImportDeclCstChildren = {
  Import: IToken[];
  StringLit: IToken[];
};

export interface ParamListCstNode extends CstNode {
  name: "paramList";
  children: ParamListCstChildren;
}

export type ParamListCstChildren = {
  LParen: IToken[];
  param?: ParamCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ParamCstNode extends CstNode {
  name: "param";
  children: ParamCstChildren;
}

export type ParamCstChildren = {
  Identifier: IToken[];
  Equals?: IToken[];
  expr?: ExprCstNode[];
};

export interface BlockDeclCstNode extends CstNode {
  name: "blockDecl";
  children: BlockDeclCstChildren;
}

export type BlockDeclCstChildren = {
  Block: IToken[];
  name: IToken[];
  paramList: ParamListCstNode[];
  LParen: IToken[];
  inputs?: IToken[];
  Comma?: IToken[];
  RParen: IToken[];
  body: BodyCstNode[];
};

export interface FnDeclCstNode extends CstNode {
  name: "fnDecl";
  children: FnDeclCstChildren;
}

export type FnDeclCstChildren = {
  Fn: IToken[];
  name: IToken[];
  paramList: ParamListCstNode[];
  Equals: IToken[];
  body: ExprCstNode[];
};

export interface NetworkDeclCstNode extends CstNode {
  name: "networkDecl";
  children: NetworkDeclCstChildren;
}

export type NetworkDeclCstChildren = {
  Network: IToken[];
  Identifier: IToken[];
  paramList?: ParamListCstNode[];
  body: BodyCstNode[];
};

export interface BodyCstNode extends CstNode {
  name: "body";
  children: BodyCstChildren;
}

export type BodyCstChildren = {
  LBrace: IToken[];
  stmt?: StmtCstNode[];
  RBrace: IToken[];
};

export interface StmtCstNode extends CstNode {
  name: "stmt";
  children: StmtCstChildren;
}

export type StmtCstChildren = {
  inputStmt?: InputStmtCstNode[];
  outputStmt?: OutputStmtCstNode[];
  returnStmt?: ReturnStmtCstNode[];
  forStmt?: ForStmtCstNode[];
  repeatStmt?: RepeatStmtCstNode[];
  ifStmt?: IfStmtCstNode[];
  assignStmt?: AssignStmtCstNode[];
};

export interface InputStmtCstNode extends CstNode {
  name: "inputStmt";
  children: InputStmtCstChildren;
}

export type InputStmtCstChildren = {
  Input: IToken[];
  Identifier: IToken[];
  Colon: IToken[];
  typeExpr: TypeExprCstNode[];
};

export interface TypeExprCstNode extends CstNode {
  name: "typeExpr";
  children: TypeExprCstChildren;
}

export type TypeExprCstChildren = {
  Identifier?: IToken[];
  dims?: (DimsCstNode)[];
};

export interface DimsCstNode extends CstNode {
  name: "dims";
  children: DimsCstChildren;
}

export type DimsCstChildren = {
  LBracket: IToken[];
  expr?: ExprCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface OutputStmtCstNode extends CstNode {
  name: "outputStmt";
  children: OutputStmtCstChildren;
}

export type OutputStmtCstChildren = {
  Output: IToken[];
  Identifier: IToken[];
  Equals?: IToken[];
  expr?: ExprCstNode[];
};

export interface ReturnStmtCstNode extends CstNode {
  name: "returnStmt";
  children: ReturnStmtCstChildren;
}

export type ReturnStmtCstChildren = {
  Return: IToken[];
  expr: ExprCstNode[];
};

export interface PatternCstNode extends CstNode {
  name: "pattern";
  children: PatternCstChildren;
}

export type PatternCstChildren = {
  Identifier?: (IToken)[];
  LParen?: IToken[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface ForStmtCstNode extends CstNode {
  name: "forStmt";
  children: ForStmtCstChildren;
}

export type ForStmtCstChildren = {
  For: IToken[];
  pattern: PatternCstNode[];
  In: IToken[];
  expr: ExprCstNode[];
  body: BodyCstNode[];
};

export interface RepeatStmtCstNode extends CstNode {
  name: "repeatStmt";
  children: RepeatStmtCstChildren;
}

export type RepeatStmtCstChildren = {
  Repeat: IToken[];
  expr: ExprCstNode[];
  body: BodyCstNode[];
};

export interface IfStmtCstNode extends CstNode {
  name: "ifStmt";
  children: IfStmtCstChildren;
}

export type IfStmtCstChildren = {
  If: IToken[];
  expr: ExprCstNode[];
  then: BodyCstNode[];
  Else?: IToken[];
  elseIf?: IfStmtCstNode[];
  else?: BodyCstNode[];
};

export interface AssignStmtCstNode extends CstNode {
  name: "assignStmt";
  children: AssignStmtCstChildren;
}

export type AssignStmtCstChildren = {
  Identifier: IToken[];
  Comma?: IToken[];
  Equals: IToken[];
  expr: ExprCstNode[];
};

export interface TrainDeclCstNode extends CstNode {
  name: "trainDecl";
  children: TrainDeclCstChildren;
}

export type TrainDeclCstChildren = {
  Train: IToken[];
  Identifier: IToken[];
  LBrace: IToken[];
  lossItem?: LossItemCstNode[];
  configItem?: ConfigItemCstNode[];
  freezeItem?: FreezeItemCstNode[];
  settingItem?: SettingItemCstNode[];
  RBrace: IToken[];
};

export interface LossItemCstNode extends CstNode {
  name: "lossItem";
  children: LossItemCstChildren;
}

export type LossItemCstChildren = {
  Loss: IToken[];
  fn: IToken[];
  LParen: IToken[];
  output: IToken[];
  Comma: (IToken)[];
  label: IToken[];
  Colon?: IToken[];
  typeExpr?: TypeExprCstNode[];
  arg?: ArgCstNode[];
  RParen: IToken[];
};

export interface ConfigItemCstNode extends CstNode {
  name: "configItem";
  children: ConfigItemCstChildren;
}

export type ConfigItemCstChildren = {
  Optimizer?: IToken[];
  Schedule?: IToken[];
  Identifier: IToken[];
  argList: ArgListCstNode[];
};

export interface FreezeItemCstNode extends CstNode {
  name: "freezeItem";
  children: FreezeItemCstChildren;
}

export type FreezeItemCstChildren = {
  Freeze: IToken[];
  dottedName: DottedNameCstNode[];
  Comma?: IToken[];
};

export interface DottedNameCstNode extends CstNode {
  name: "dottedName";
  children: DottedNameCstChildren;
}

export type DottedNameCstChildren = {
  part: (IToken)[];
  Dot?: IToken[];
};

export interface SettingItemCstNode extends CstNode {
  name: "settingItem";
  children: SettingItemCstChildren;
}

export type SettingItemCstChildren = {
  Identifier: IToken[];
  Equals: IToken[];
  expr: ExprCstNode[];
};

export interface ExprCstNode extends CstNode {
  name: "expr";
  children: ExprCstChildren;
}

export type ExprCstChildren = {
  pipeExpr: PipeExprCstNode[];
  Question?: IToken[];
  then?: ExprCstNode[];
  Colon?: IToken[];
  else?: ExprCstNode[];
};

export interface PipeExprCstNode extends CstNode {
  name: "pipeExpr";
  children: PipeExprCstChildren;
}

export type PipeExprCstChildren = {
  orExpr: (OrExprCstNode)[];
  Pipe?: IToken[];
};

export interface OrExprCstNode extends CstNode {
  name: "orExpr";
  children: OrExprCstChildren;
}

export type OrExprCstChildren = {
  andExpr: (AndExprCstNode)[];
  OrOr?: IToken[];
};

export interface AndExprCstNode extends CstNode {
  name: "andExpr";
  children: AndExprCstChildren;
}

export type AndExprCstChildren = {
  cmpExpr: (CmpExprCstNode)[];
  AndAnd?: IToken[];
};

export interface CmpExprCstNode extends CstNode {
  name: "cmpExpr";
  children: CmpExprCstChildren;
}

export type CmpExprCstChildren = {
  lhs: AddExprCstNode[];
  op?: (IToken)[];
  rhs?: AddExprCstNode[];
};

export interface AddExprCstNode extends CstNode {
  name: "addExpr";
  children: AddExprCstChildren;
}

export type AddExprCstChildren = {
  mulExpr: (MulExprCstNode)[];
  op?: (IToken)[];
};

export interface MulExprCstNode extends CstNode {
  name: "mulExpr";
  children: MulExprCstChildren;
}

export type MulExprCstChildren = {
  unaryExpr: (UnaryExprCstNode)[];
  op?: (IToken)[];
};

export interface UnaryExprCstNode extends CstNode {
  name: "unaryExpr";
  children: UnaryExprCstChildren;
}

export type UnaryExprCstChildren = {
  op?: (IToken)[];
  unaryExpr?: UnaryExprCstNode[];
  powerExpr?: PowerExprCstNode[];
};

export interface PowerExprCstNode extends CstNode {
  name: "powerExpr";
  children: PowerExprCstChildren;
}

export type PowerExprCstChildren = {
  postfixExpr: PostfixExprCstNode[];
  Power?: IToken[];
  unaryExpr?: UnaryExprCstNode[];
};

export interface PostfixExprCstNode extends CstNode {
  name: "postfixExpr";
  children: PostfixExprCstChildren;
}

export type PostfixExprCstChildren = {
  primary: PrimaryCstNode[];
  Dot?: IToken[];
  member?: IToken[];
  LBracket?: IToken[];
  expr?: ExprCstNode[];
  RBracket?: IToken[];
  As?: IToken[];
  alias?: IToken[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  NumberLit?: IToken[];
  StringLit?: IToken[];
  True?: IToken[];
  False?: IToken[];
  Identifier?: IToken[];
  argList?: ArgListCstNode[];
  parenExpr?: ParenExprCstNode[];
  listExpr?: ListExprCstNode[];
};

export interface ParenExprCstNode extends CstNode {
  name: "parenExpr";
  children: ParenExprCstChildren;
}

export type ParenExprCstChildren = {
  LParen: IToken[];
  expr: ExprCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ListExprCstNode extends CstNode {
  name: "listExpr";
  children: ListExprCstChildren;
}

export type ListExprCstChildren = {
  LBracket: IToken[];
  expr?: ExprCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface ArgListCstNode extends CstNode {
  name: "argList";
  children: ArgListCstChildren;
}

export type ArgListCstChildren = {
  LParen: IToken[];
  arg?: ArgCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ArgCstNode extends CstNode {
  name: "arg";
  children: ArgCstChildren;
}

export type ArgCstChildren = {
  Identifier?: IToken[];
  Equals?: IToken[];
  expr: ExprCstNode[];
};
