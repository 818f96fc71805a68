// Where completion thinks the cursor is, read from the tokens before it
// while the line is half typed: a call's arguments (which call, the
// keywords it has, right after `NAME=`), a comment, an import's string, or
// an expression with the word being typed.

import { describe, expect, it } from "vitest";
import { cursorContext, wordAt } from "../../../host/lsp/call_context.js";

/** The context at the `@` of `text` (the mark removed). */
function at(text: string) {
  const i = text.indexOf("@");
  return cursorContext(text.slice(0, i) + text.slice(i + 1), i);
}

describe("cursorContext", () => {
  it("finds the call whose arguments the cursor is in, and the keywords given before it", () => {
    expect(at("x = image |> conv(16, k=3, @")).toEqual({ kind: "argument", callee: "conv", given: new Set(["k"]), value: undefined, word: "" });
    expect(at("x = conv(@")).toMatchObject({ kind: "argument", callee: "conv", word: "" });
    expect(at("x = conv(16, ker@")).toMatchObject({ kind: "argument", callee: "conv", word: "ker" });
    // The innermost call, not the outer one; a list argument is not a keyword position.
    expect(at("y = concat(a, relu(@")).toMatchObject({ kind: "argument", callee: "relu" });
    expect(at("y = reshape([4, @")).toMatchObject({ kind: "expression" });
    // A call already closed leaves the cursor outside it.
    expect(at("x = conv(16, k=3) |> @")).toEqual({ kind: "expression", word: "" });
  });

  it("knows the keyword whose value comes next, and the brackets before it", () => {
    expect(at('x = conv(16, padding=@')).toMatchObject({ kind: "argument", callee: "conv", value: "padding" });
    expect(at("x = conv(16, k=[3, @")).toMatchObject({ kind: "expression" });
  });

  it("says nothing in a comment; in an import's string, what is typed", () => {
    expect(at("x = conv(16) # a conv(@")).toEqual({ kind: "comment" });
    expect(at('x = f("#", @')).toMatchObject({ kind: "argument", callee: "f" });
    expect(at('import "std/res@')).toEqual({ kind: "import", typed: "std/res" });
  });

  it("takes the word under or just before the cursor", () => {
    expect(wordAt("x |> relu6 |> gap", 7)).toEqual({ word: "relu6", start: 5, end: 10 });
    expect(wordAt("x |> relu6 |> gap", 10)).toEqual({ word: "relu6", start: 5, end: 10 });
    expect(wordAt("k = 32 ", 5)).toBeUndefined();
  });
});
