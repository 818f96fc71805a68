// The VS Code extension's static parts: its package.json contributes the dlc
// language for *.net with a grammar and a language configuration that
// exist and parse, and the TextMate grammar colours what it should. The
// grammar runs in vscode-textmate with the Oniguruma regex engine (what
// VS Code itself uses), so a pattern Oniguruma rejects fails here too.

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as onig from "vscode-oniguruma";
import * as tm from "vscode-textmate";
import { allTokens } from "../../../grammar/lexer.js";
import { root } from "../../helpers/cli.js";

const ext = join(root, "editors/vscode");
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

interface Contributes {
  languages: { id: string; extensions: string[]; configuration: string }[];
  grammars: { language: string; scopeName: string; path: string }[];
  configuration: { properties: Record<string, unknown> };
}

let grammar: tm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
  await onig.loadWASM(wasm);
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async (scope: string) => (scope === "source.dlc" ? tm.parseRawGrammar(readFileSync(join(ext, "syntaxes/dlc.tmLanguage.json"), "utf8"), "dlc.tmLanguage.json") : null),
  });
  const g = await registry.loadGrammar("source.dlc");
  if (!g) throw new Error("the grammar did not load");
  grammar = g;
});

/** Each line's tokens: the text and the innermost scope of each. */
function tokenize(text: string): { text: string; scopes: string[] }[][] {
  let stack = tm.INITIAL;
  return text.split("\n").map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope of the token that is exactly `word` on line `line` (the n-th such token). */
function scopeOf(lines: ReturnType<typeof tokenize>, line: number, word: string, nth = 0): string {
  const hits = lines[line]!.filter((t) => t.text.trim() === word);
  const t = hits[nth];
  if (!t) throw new Error(`no token '${word}' on line ${line}: ${JSON.stringify(lines[line]!.map((x) => x.text))}`);
  return t.scopes[t.scopes.length - 1]!;
}

describe("the VS Code extension folder", () => {
  it("contributes the dlc language for *.net, with a grammar and a configuration that exist and parse", () => {
    const pkg = readJson(join(ext, "package.json")) as { main: string; contributes: Contributes; dependencies: Record<string, string> };
    const lang = pkg.contributes.languages.find((l) => l.id === "dlc")!;
    expect(lang.extensions).toEqual([".net"]);
    const config = readJson(join(ext, lang.configuration)) as { comments: { lineComment: string }; brackets: string[][] };
    expect(config.comments.lineComment).toBe("#");
    expect(config.brackets).toEqual([["{", "}"], ["[", "]"], ["(", ")"]]);
    const g = pkg.contributes.grammars.find((x) => x.language === "dlc")!;
    expect(g.scopeName).toBe("source.dlc");
    expect((readJson(join(ext, g.path)) as { scopeName: string }).scopeName).toBe("source.dlc");
    expect(Object.keys(pkg.contributes.configuration.properties)).toEqual(expect.arrayContaining(["dlc.server.command", "dlc.server.args", "dlc.checkDelayMs"]));
    expect(readFileSync(join(ext, pkg.main), "utf8")).toContain("vscode-languageclient");
    expect(Object.keys(pkg.dependencies)).toEqual(["vscode-languageclient"]);
  });

  it("colours declarations, keywords, comments, strings, numbers, layer calls, attributes and |>", () => {
    const lines = tokenize(
      [
        'import "std/resnet_blocks"   # ResNet\'s blocks',
        "block stem(c = 64) (x) {",
        "  return x |> conv(c, k=7, s=2, padding=\"same\", bias=false) |> bn |> relu",
        "}",
        "fn half(n) = n // 2",
        "network tiny(classes = 10) {",
        "  input image: f32[3, 32, 32]",
        "  for c in [16, 32] { x = image |> stem(c) }",
        "  output logits = x |> gap |> dense(classes, bias=true) as head",
        "}",
        "train tiny {",
        "  loss cross_entropy(logits, label: int)",
        "  optimizer sgd(lr = 1e-2, momentum = 0.9)",
        "}",
      ].join("\n"),
    );
    expect(scopeOf(lines, 0, "import")).toBe("keyword.control.import.dlc");
    expect(scopeOf(lines, 0, "std/resnet_blocks")).toBe("string.quoted.double.dlc");
    expect(scopeOf(lines, 0, "ResNet's blocks")).toBe("comment.line.number-sign.dlc");
    expect(scopeOf(lines, 1, "block")).toBe("storage.type.block.dlc");
    expect(scopeOf(lines, 1, "stem")).toBe("entity.name.type.block.dlc");
    expect(scopeOf(lines, 2, "return")).toBe("keyword.control.dlc");
    expect(scopeOf(lines, 2, "|>")).toBe("keyword.operator.pipe.dlc");
    expect(scopeOf(lines, 2, "conv")).toBe("entity.name.function.call.dlc");
    expect(scopeOf(lines, 2, "k")).toBe("variable.parameter.keyword.dlc");
    expect(scopeOf(lines, 2, "padding")).toBe("variable.parameter.keyword.dlc");
    expect(scopeOf(lines, 2, "7")).toBe("constant.numeric.dlc");
    expect(scopeOf(lines, 2, "same")).toBe("string.quoted.double.dlc");
    expect(scopeOf(lines, 2, "false")).toBe("constant.language.boolean.dlc");
    expect(scopeOf(lines, 2, "bn")).toBe("entity.name.function.call.dlc");
    expect(scopeOf(lines, 2, "relu")).toBe("entity.name.function.call.dlc");
    expect(scopeOf(lines, 4, "fn")).toBe("storage.type.function.dlc");
    expect(scopeOf(lines, 4, "half")).toBe("entity.name.function.dlc");
    expect(scopeOf(lines, 4, "//")).toBe("keyword.operator.arithmetic.dlc");
    expect(scopeOf(lines, 5, "network")).toBe("storage.type.network.dlc");
    expect(scopeOf(lines, 5, "tiny")).toBe("entity.name.type.network.dlc");
    expect(scopeOf(lines, 6, "input")).toBe("keyword.other.dlc");
    expect(scopeOf(lines, 6, "image")).toBe("variable.other.definition.dlc");
    expect(scopeOf(lines, 6, "f32")).toBe("storage.type.primitive.dlc");
    expect(scopeOf(lines, 7, "for")).toBe("keyword.control.dlc");
    expect(scopeOf(lines, 7, "in")).toBe("keyword.control.dlc");
    expect(scopeOf(lines, 7, "stem")).toBe("entity.name.function.call.dlc");
    expect(scopeOf(lines, 8, "output")).toBe("keyword.other.dlc");
    expect(scopeOf(lines, 8, "gap")).toBe("entity.name.function.call.dlc");
    expect(scopeOf(lines, 8, "dense")).toBe("entity.name.function.call.dlc");
    expect(scopeOf(lines, 8, "as")).toBe("keyword.other.dlc");
    expect(scopeOf(lines, 10, "train")).toBe("storage.type.train.dlc");
    expect(scopeOf(lines, 11, "loss")).toBe("keyword.other.dlc");
    expect(scopeOf(lines, 11, "int")).toBe("storage.type.primitive.dlc");
    expect(scopeOf(lines, 12, "optimizer")).toBe("keyword.other.dlc");
    expect(scopeOf(lines, 12, "1e-2")).toBe("constant.numeric.dlc");
  });

  it("gives every keyword of the lexer a keyword, declaration or constant scope", () => {
    // Keywords are the lexer's tokens that give way to a longer name (`inputs` is a name).
    const keywords = allTokens.filter((t) => t.LONGER_ALT !== undefined).map((t) => String(t.PATTERN).replace(/^\/|\/$/g, ""));
    expect(keywords).toContain("network");
    for (const k of keywords) {
      const scope = scopeOf(tokenize(`${k} `), 0, k);
      expect(scope, k).toMatch(/^(keyword\.|storage\.type\.|constant\.language\.)/);
    }
  });

  it("marks nothing invalid in the standard library", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith(".net")) files.push(join(dir, e.name));
      }
    };
    walk(join(root, "stdlib"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const invalid = tokenize(readFileSync(f, "utf8")).flat().filter((t) => t.scopes.some((s) => s.startsWith("invalid")));
      expect(invalid, f).toEqual([]);
    }
  });
});
