// Syntax error messages in dlc's words: what was found, and what would have
// been accepted there. The two halves are split on "\u0000" by parse.ts so
// the expectation goes under the caret.

import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";

export const EXPECTED_SEP = "\u0000";

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function describeToken(t: IToken): string {
  if (t.tokenType.name === "EOF") return "end of file";
  // A reserved word where a name belongs is the usual cause; say so.
  if (t.tokenType.name !== "Identifier" && /^[a-z]+$/.test(t.image)) return `keyword '${t.image}'`;
  return `'${t.image}'`;
}

function alternatives(paths: TokenType[][][] | TokenType[][]): string {
  const firsts = new Set<string>();
  const walk = (p: unknown): void => {
    if (Array.isArray(p)) {
      if (p.length && !Array.isArray(p[0])) {
        firsts.add(label(p[0] as TokenType));
        return;
      }
      p.forEach(walk);
    }
  };
  walk(paths);
  const list = [...firsts];
  if (list.length > 8) return list.slice(0, 8).join(", ") + ", …";
  return list.join(", ");
}

const RULE_WORDS: Record<string, string> = {
  program: "a declaration (import, block, fn, network or train)",
  stmt: "a statement",
  expr: "an expression",
  pipeExpr: "an expression",
  unaryExpr: "an expression",
  powerExpr: "an expression",
  postfixExpr: "an expression",
  primary: "an expression",
  arg: "an expression or NAME = expression",
  typeExpr: "a type such as [3, 32, 32] or int",
  trainDecl: "a training item (loss, optimizer, schedule, freeze or a setting)",
  pattern: "a name",
};

export const netErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `unexpected ${describeToken(actual)}${EXPECTED_SEP}${label(expected)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}${EXPECTED_SEP}a declaration (import, block, fn, network or train)`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0]!;
    return `unexpected ${describeToken(found)}${EXPECTED_SEP}${RULE_WORDS[ruleName] ?? alternatives(expectedPathsPerAlt)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0]!;
    return `unexpected ${describeToken(found)}${EXPECTED_SEP}${RULE_WORDS[ruleName] ?? alternatives(expectedIterationPaths)}`;
  },
};
