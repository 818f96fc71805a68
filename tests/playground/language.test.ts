import { StringStream } from "@codemirror/language";
import { describe, expect, it } from "vitest";
import { dlcParser } from "../../playground/src/language.js";
import { KEYWORDS, LAYERS, TRAINING_WORDS } from "../../playground/src/vocabulary.js";
import { netLexer } from "../../grammar/lexer.js";
import { EXAMPLE } from "../../playground/src/example.js";

// The editor's highlighter: its words come from the compiler (the lexer's
// keywords, the registry's layers, the training section's kinds), and its
// tokens cover a line as the compiler's lexer splits it.

/** [text, style] of each token of one line. */
function tokens(line: string): [string, string | null][] {
  const state = dlcParser.startState!(2);
  const s = new StringStream(line, 2, 2);
  const out: [string, string | null][] = [];
  while (!s.eol()) {
    s.start = s.pos;
    const style = dlcParser.token(s, state);
    out.push([line.slice(s.start, s.pos), style]);
  }
  return out.filter(([t]) => t.trim() !== "");
}

describe("the dlc highlighter", () => {
  it("knows the language's words from the compiler", () => {
    for (const k of ["network", "block", "train", "input", "output", "import", "for", "in", "repeat", "if", "else", "return", "loss", "optimizer", "schedule", "freeze", "fn", "as"]) expect(KEYWORDS.has(k), k).toBe(true);
    for (const l of ["conv", "dense", "bn", "batchnorm", "relu", "maxpool", "gap", "concat", "softmax", "matmul", "layernorm"]) expect(LAYERS.has(l), l).toBe(true);
    expect(LAYERS.has("conv_grad_input")).toBe(false);
    for (const w of ["cross_entropy", "mse", "sgd", "adam", "adamw", "cosine", "step"]) expect(TRAINING_WORDS.has(w), w).toBe(true);
  });

  it("colours each kind of token", () => {
    expect(tokens(`  x = image |> conv(8, k=3, p="same") |> relu  # a comment`)).toEqual([
      ["x", "variableName"], ["=", "operator"], ["image", "variableName"], ["|>", "pipe"], ["conv", "layer"], ["(", "bracket"], ["8", "number"], [",", "punctuation"],
      ["k", "variableName"], ["=", "operator"], ["3", "number"], [",", "punctuation"], ["p", "variableName"], ["=", "operator"], ['"same"', "string"], [")", "bracket"],
      ["|>", "pipe"], ["relu", "layer"], ["# a comment", "comment"],
    ]);
    expect(tokens("network shapes(classes = 4) {")).toEqual([
      ["network", "keyword"], ["shapes", "definition"], ["(", "bracket"], ["classes", "variableName"], ["=", "operator"], ["4", "number"], [")", "bracket"], ["{", "bracket"],
    ]);
    expect(tokens("  optimizer adam(lr = 1e-3, nesterov = true)").map(([, s]) => s)).toEqual(["keyword", "trainingWord", "bracket", "variableName", "operator", "number", "punctuation", "variableName", "operator", "bool", "bracket"]);
  });

  it("splits the example's lines where the compiler's lexer does", () => {
    for (const line of EXAMPLE.split("\n")) {
      const lexed = netLexer.tokenize(line).tokens.map((t) => t.image);
      const comment = line.indexOf("#");
      const ours = tokens(line).map(([t]) => t).filter((t) => !t.startsWith("#"));
      expect(ours, line).toEqual(lexed);
      if (comment >= 0) expect(tokens(line).at(-1)).toEqual([line.slice(comment), "comment"]);
    }
  });
});
