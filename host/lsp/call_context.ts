// Where the cursor stands, read from the tokens before it, so that it works
// while the line is half typed and the file does not parse: inside a
// comment or an import's string, in a call's argument list (which call,
// which keywords it already has, after `NAME=`), or anywhere else, with the
// word being typed.

import { netLexer } from "../../grammar/lexer.js";

export type CursorContext =
  | { readonly kind: "comment" }
  /** In the string of `import "…`: what is typed so far. */
  | { readonly kind: "import"; readonly typed: string }
  /** In a call's arguments, where a keyword may start; `value` names the keyword just before `=`. */
  | { readonly kind: "argument"; readonly callee: string; readonly given: ReadonlySet<string>; readonly value?: string; readonly word: string }
  | { readonly kind: "expression"; readonly word: string };

/** Characters scanned back from the cursor at most: a call's argument list is never longer. */
const WINDOW = 4000;

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  const line = text.slice(lineStart, offset);
  const imp = /^\s*import\s+"([^"]*)$/.exec(line);
  if (imp) return { kind: "import", typed: imp[1]! };
  if (inComment(line)) return { kind: "comment" };
  const from = Math.max(0, offset - WINDOW);
  const tokens = netLexer.tokenize(text.slice(from, offset)).tokens;
  let end = tokens.length;
  let word = "";
  const last = tokens[end - 1];
  if (last && last.tokenType.name === "Identifier" && from + last.startOffset + last.image.length === offset) {
    word = last.image;
    end--;
  }
  // The innermost bracket still open before the cursor.
  let depth = 0;
  let open = -1;
  for (let i = end - 1; i >= 0; i--) {
    const n = tokens[i]!.tokenType.name;
    if (n === "RParen" || n === "RBracket" || n === "RBrace") depth++;
    else if (n === "LParen" || n === "LBracket" || n === "LBrace") {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  const calleeTok = open > 0 ? tokens[open - 1] : undefined;
  if (open < 0 || tokens[open]!.tokenType.name !== "LParen" || calleeTok?.tokenType.name !== "Identifier") return { kind: "expression", word };
  // A call whose arguments the cursor is in: which keywords are given, and is it right after `NAME=`?
  const given = new Set<string>();
  let d = 0;
  for (let i = open + 1; i < end; i++) {
    const n = tokens[i]!.tokenType.name;
    if (n === "LParen" || n === "LBracket" || n === "LBrace") d++;
    else if (n === "RParen" || n === "RBracket" || n === "RBrace") d--;
    else if (d === 0 && n === "Identifier" && tokens[i + 1]?.tokenType.name === "Equals") given.add(tokens[i]!.image);
  }
  const before = tokens[end - 1];
  const atStart = before !== undefined && (before.tokenType.name === "LParen" || before.tokenType.name === "Comma") && depthBetween(tokens, open, end) === 0;
  const value = before?.tokenType.name === "Equals" && tokens[end - 2]?.tokenType.name === "Identifier" && depthBetween(tokens, open, end) === 0 ? tokens[end - 2]!.image : undefined;
  if (!atStart && value === undefined) return { kind: "expression", word };
  return { kind: "argument", callee: calleeTok.image, given, value, word };
}

/** Brackets opened and not closed between the call's `(` (excluded) and `end`. */
function depthBetween(tokens: readonly { tokenType: { name: string } }[], open: number, end: number): number {
  let d = 0;
  for (let i = open + 1; i < end; i++) {
    const n = tokens[i]!.tokenType.name;
    if (n === "LParen" || n === "LBracket" || n === "LBrace") d++;
    else if (n === "RParen" || n === "RBracket" || n === "RBrace") d--;
  }
  return d;
}

/** Whether a `#` outside a string starts a comment before the end of this line's text. */
function inComment(line: string): boolean {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString && ch === "\\") i++;
    else if (ch === '"') inString = !inString;
    else if (ch === "#" && !inString) return true;
  }
  return false;
}

/** The name the cursor is on (or just after), with its offsets. */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  const isWord = (i: number) => i >= 0 && i < text.length && /[A-Za-z0-9_]/.test(text[i]!);
  let start = offset;
  while (isWord(start - 1) && offset - start < 200) start--;
  let end = offset;
  while (isWord(end) && end - offset < 200) end++;
  const word = text.slice(start, end);
  return /^[A-Za-z_]/.test(word) ? { word, start, end } : undefined;
}
