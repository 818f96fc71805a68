// dlc's syntax for CodeMirror: a stream tokenizer (the language is regular
// enough at the token level that a Lezer grammar would add nothing the
// highlighter uses) and the colours of each kind of token. Words come from
// the compiler (vocabulary.ts); the token shapes follow grammar/lexer.ts.

import { HighlightStyle, LanguageSupport, StreamLanguage, syntaxHighlighting, type StreamParser } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { CONSTANTS, DECLARING, KEYWORDS, LAYERS, TRAINING_WORDS } from "./vocabulary.js";

interface State {
  /** The previous word was network/block/fn/train: the next name is declared here. */
  declaring: boolean;
}

const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const STRING = /^"(?:[^"\\\n]|\\.)*"?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATOR = /^(?:\|\||&&|==|!=|<=|>=|\*\*|\/\/|[<>+\-*/%!=?:])/;

export const dlcParser: StreamParser<State> = {
  name: "dlc",
  startState: () => ({ declaring: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.peek() === "#") {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match("|>")) return "pipe";
    if (stream.match(STRING)) return "string";
    if (stream.match(NUMBER)) return "number";
    const word = stream.match(WORD) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      const declared = state.declaring;
      state.declaring = DECLARING.has(w);
      if (CONSTANTS.has(w)) return "bool";
      if (KEYWORDS.has(w)) return "keyword";
      if (declared) return "definition";
      if (LAYERS.has(w)) return "layer";
      if (TRAINING_WORDS.has(w)) return "trainingWord";
      return "variableName";
    }
    if (stream.match(OPERATOR)) return "operator";
    if (stream.match(/^[()[\]{}]/)) return "bracket";
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "#" } },
  tokenTable: {
    pipe: t.special(t.operator),
    layer: t.function(t.variableName),
    trainingWord: t.standard(t.function(t.variableName)),
    definition: t.definition(t.typeName),
  },
};

export const dlcLanguage = StreamLanguage.define(dlcParser);

/** Colours chosen to read on white and to keep the pipeline's |> and the layer names apart. */
export const dlcHighlight = HighlightStyle.define([
  { tag: t.keyword, color: "#7c3aed", fontWeight: "600" },
  { tag: t.comment, color: "#6b7280", fontStyle: "italic" },
  { tag: t.string, color: "#047857" },
  { tag: t.number, color: "#b45309" },
  { tag: t.bool, color: "#b45309" },
  { tag: t.special(t.operator), color: "#dc2626", fontWeight: "700" },
  { tag: t.operator, color: "#475569" },
  { tag: t.function(t.variableName), color: "#1d4ed8" },
  { tag: t.standard(t.function(t.variableName)), color: "#be185d" },
  { tag: t.definition(t.typeName), color: "#0f766e", fontWeight: "600" },
]);

export function dlc(): LanguageSupport {
  return new LanguageSupport(dlcLanguage, [syntaxHighlighting(dlcHighlight)]);
}
