// Text → AST, or diagnostics. Lexing, a nesting guard, parsing with
// recovery (several errors in one run), then the CST → AST visitor.

import type { IToken } from "chevrotain";
import { error, type Diagnostic, type Span } from "../core/diagnostics/diagnostic.js";
import type { SourceFile } from "../core/diagnostics/source.js";
import type { Program } from "./ast.js";
import type { ProgramCstNode } from "./cst.generated.js";
import { netLexer } from "./lexer.js";
import { EXPECTED_SEP } from "./messages.js";
import { sharedParser } from "./parser.js";
import { AstBuilder } from "./visitor.js";

/** Deeper nesting than any real network needs; guards the recursive parser. */
export const MAX_NESTING = 200;
/** One run reports this many syntax errors at most: the rest are noise. */
export const MAX_SYNTAX_ERRORS = 20;

export interface ParseResult {
  readonly program?: Program;
  readonly diagnostics: readonly Diagnostic[];
}

function tokenSpan(source: SourceFile, t: IToken | undefined): Span {
  if (!t || !Number.isFinite(t.startOffset) || t.tokenType.name === "EOF") {
    const end = source.text.length;
    return { source, start: Math.max(0, end - 1), end };
  }
  return { source, start: t.startOffset, end: t.startOffset + Math.max(1, t.image.length) };
}

function nestingError(source: SourceFile, tokens: readonly IToken[]): Diagnostic | undefined {
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === "LParen" || n === "LBracket" || n === "LBrace") {
      depth++;
      if (depth > MAX_NESTING) {
        return error(`brackets nest more than ${MAX_NESTING} levels deep`, tokenSpan(source, t), { expected: `at most ${MAX_NESTING} levels of (, [ and {` });
      }
    } else if (n === "RParen" || n === "RBracket" || n === "RBrace") {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

export function parseSource(source: SourceFile): ParseResult {
  const lexed = netLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  for (const e of lexed.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const ch = source.text.slice(e.offset, e.offset + e.length);
    const what = ch.startsWith('"') ? "an unterminated or malformed string" : `unexpected character '${ch.slice(0, 1)}'`;
    const expected = ch.startsWith('"') ? 'a closing " on the same line (escapes: \\" \\\\ \\n \\t or \\u and four hex digits)' : "a name, number, string, operator or bracket";
    diagnostics.push(error(what, { source, start: e.offset, end: e.offset + Math.max(1, Math.min(e.length, ch.startsWith('"') ? e.length : 1)) }, { expected }));
  }
  const deep = nestingError(source, lexed.tokens);
  if (deep) return { diagnostics: [...diagnostics, deep] };

  const parser = sharedParser();
  parser.input = lexed.tokens;
  let cst: ProgramCstNode;
  try {
    // Chevrotain types every rule's result as a bare CstNode; its shape is the
    // generated one, which tests/grammar/cst_types.test.ts keeps in step with the rules.
    cst = parser.program() as ProgramCstNode;
  } catch (e) {
    if (e instanceof RangeError) {
      return { diagnostics: [...diagnostics, error("the program nests too deeply to parse", { source, start: 0, end: Math.min(1, source.text.length) }, { expected: "fewer nested expressions" })] };
    }
    throw e;
  }
  for (const e of parser.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const [message, expected] = e.message.split(EXPECTED_SEP);
    // On a missing token Chevrotain reports the token after the gap; the
    // previous token is where the user must add something.
    const at = Number.isFinite(e.token.startOffset) ? e.token : (e as { previousToken?: IToken }).previousToken;
    diagnostics.push(error(message!, tokenSpan(source, at), { expected }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { program: new AstBuilder(source).program(cst), diagnostics };
}
