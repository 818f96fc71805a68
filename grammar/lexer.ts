// Tokens of the .net language. Keywords are declared with `longer_alt` so
// that `inputs` or `format` lex as identifiers, not as keyword + rest.

import { createToken, Lexer, type TokenType } from "chevrotain";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
}

export const Import = keyword("import");
export const Block = keyword("block");
export const Network = keyword("network");
export const Train = keyword("train");
export const Input = keyword("input");
export const Output = keyword("output");
export const Return = keyword("return");
export const For = keyword("for");
export const In = keyword("in");
export const Repeat = keyword("repeat");
export const If = keyword("if");
export const Else = keyword("else");
export const As = keyword("as");
export const True = keyword("true");
export const False = keyword("false");
export const Loss = keyword("loss");
export const Optimizer = keyword("optimizer");
export const Schedule = keyword("schedule");
export const Freeze = keyword("freeze");
export const Fn = keyword("fn");

export const NumberLit = createToken({ name: "NumberLit", pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, label: "a number" });
export const StringLit = createToken({ name: "StringLit", pattern: /"(?:[^"\\\n\u0000-\u001f]|\\["\\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/, label: "a string" });

export const Pipe = createToken({ name: "Pipe", pattern: /\|>/, label: "'|>'" });
export const OrOr = createToken({ name: "OrOr", pattern: /\|\|/, label: "'||'" });
export const AndAnd = createToken({ name: "AndAnd", pattern: /&&/, label: "'&&'" });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, label: "'=='" });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, label: "'!='" });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/, label: "'<='" });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=/, label: "'>='" });
export const Less = createToken({ name: "Less", pattern: /</, label: "'<'" });
export const Greater = createToken({ name: "Greater", pattern: />/, label: "'>'" });
export const Power = createToken({ name: "Power", pattern: /\*\*/, label: "'**'" });
export const FloorDiv = createToken({ name: "FloorDiv", pattern: /\/\//, label: "'//'" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "'-'" });
export const Star = createToken({ name: "Star", pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "'/'" });
export const Percent = createToken({ name: "Percent", pattern: /%/, label: "'%'" });
export const Bang = createToken({ name: "Bang", pattern: /!/, label: "'!'" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Question = createToken({ name: "Question", pattern: /\?/, label: "'?'" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "']'" });
export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "'}'" });

// A comment ends at any line break, a lone CR too (files from old Macs), as the source's line index counts them.
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: Lexer.SKIPPED });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

export const allTokens: TokenType[] = [
  WhiteSpace, Comment,
  Import, Block, Network, Train, Input, Output, Return, For, In, Repeat, If, Else, As, True, False,
  Loss, Optimizer, Schedule, Freeze, Fn,
  Identifier, NumberLit, StringLit,
  Pipe, OrOr, AndAnd, EqEq, NotEq, LessEq, GreaterEq, Less, Greater, Power, FloorDiv,
  Plus, Minus, Star, Slash, Percent, Bang, Equals, Question, Colon, Comma, Dot,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
];

export const netLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });
