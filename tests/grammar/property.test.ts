// Property tests of the front end: whatever text it is given, checkFile
// returns diagnostics instead of throwing, every span lies inside its
// source, and every rendered located diagnostic carries file:line:col.
// Inputs: random strings, soups of the language's tokens, and mutations
// (delete, insert, swap, duplicate tokens or characters) of the fixtures.

import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../core/diagnostics/render.js";
import { checkFile } from "../../compiler/pipeline.js";
import { netLexer } from "../../grammar/lexer.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = join(here, "..", "fixtures");
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith(".net"))
  .sort()
  .map((f) => readFileSync(join(fixtureDir, f), "utf8"));

/** The front end must answer every text with diagnostics, never an exception. */
function frontEndHolds(text: string): void {
  let r: ReturnType<typeof checkFile>;
  try {
    r = checkFile("prop.net", { text });
  } catch (e) {
    throw new Error(`checkFile threw on ${JSON.stringify(text.slice(0, 300))}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  for (const d of r.diagnostics) {
    expect(typeof d.message).toBe("string");
    const rendered = renderDiagnostic(d, { colour: false });
    if (!d.span) continue;
    const { start, end, source } = d.span;
    const where = `${d.message} [${start}, ${end}) in ${source.text.length} chars`;
    expect(Number.isInteger(start) && Number.isInteger(end), where).toBe(true);
    expect(0 <= start && start <= end && end <= source.text.length, where).toBe(true);
    expect(rendered, where).toMatch(new RegExp(`--> ${source.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+\\n`));
  }
}

const KEYWORDS = ["import", "block", "network", "train", "input", "output", "return", "for", "in", "repeat", "if", "else", "as", "true", "false", "loss", "optimizer", "schedule", "freeze", "fn"];
const NAMES = ["x", "y", "image", "conv", "relu", "bn", "dense", "gap", "concat", "split", "add", "maxpool", "range", "k", "s", "p", "groups", "lr", "sgd", "cross_entropy", "shape", "channels"];
const PUNCT = ["|>", "||", "&&", "==", "!=", "<=", ">=", "<", ">", "**", "//", "+", "-", "*", "/", "%", "!", "=", "?", ":", ",", ".", "(", ")", "[", "]", "{", "}"];
const LITERALS = ["0", "1", "3", "64", "1e12", "0.5", "-1", "100000000", '"std/blocks"', '"x"', '"', "#c\n"];
const SPACES = [" ", "\n", "\t", "\r\n", ""];

const token = fc.oneof(fc.constantFrom(...KEYWORDS), fc.constantFrom(...NAMES), fc.constantFrom(...PUNCT), fc.constantFrom(...LITERALS));
const tokenSoup = fc.array(fc.tuple(token, fc.constantFrom(...SPACES)), { maxLength: 60 }).map((ts) => ts.map(([t, s]) => t + s).join(""));

/** Tokens of a valid program, with the whitespace and comments before each kept. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const t of netLexer.tokenize(text).tokens) {
    out.push(text.slice(at, t.startOffset + t.image.length));
    at = t.startOffset + t.image.length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

type Edit = { kind: "delete" | "duplicate"; at: number } | { kind: "swap"; at: number; with: number } | { kind: "insert"; at: number; text: string };
const edit = (insertable: fc.Arbitrary<string>): fc.Arbitrary<Edit> =>
  fc.oneof(
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: insertable }),
  );

function apply(units: string[], edits: readonly Edit[]): string {
  const u = [...units];
  for (const e of edits) {
    if (u.length === 0) break;
    const i = e.at % u.length;
    if (e.kind === "delete") u.splice(i, 1);
    else if (e.kind === "duplicate") u.splice(i, 0, u[i]!);
    else if (e.kind === "insert") u.splice(i, 0, e.text);
    else if (e.kind === "swap") {
      const j = e.with % u.length;
      [u[i], u[j]] = [u[j]!, u[i]!];
    }
  }
  return u.join("");
}

/** PROPERTY_RUNS_SCALE=100 runs each property a hundred times as often, for a soak. */
const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? 1) || 1;
const runs = (n: number) => ({ numRuns: Math.round(n * scale) });

const fixture = fc.constantFrom(...fixtures);
const tokenMutant = fc
  .tuple(fixture, fc.array(edit(token.map((t) => ` ${t} `)), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) => apply(pieces(text), edits));
const charMutant = fc
  .tuple(fixture, fc.array(edit(fc.string({ unit: "binary", minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) => apply([...text], edits));

/** Numbers of a fixture replaced by extreme ones: exercises the elaborator and shape rules. */
const EXTREME = ["0", "1", "2", "-1", "-3", "0.5", "1e12", "1e308", "100000000", "2147483648", "(0 - 7)", "[]", "true"];
const numberMutant = fc
  .tuple(fixture, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...EXTREME)), { minLength: 1, maxLength: 4 }))
  .map(([text, swaps]) => {
    const u = pieces(text);
    const numbers = u.flatMap((p, i) => (/\d$/.test(p) ? [i] : []));
    for (const [at, v] of swaps) {
      const i = numbers[at % numbers.length]!;
      u[i] = u[i]!.replace(/\d+(\.\d+)?([eE][+-]?\d+)?$/, v);
    }
    return u.join("");
  });

describe("front end on arbitrary text", () => {
  it("fixtures are valid (the mutations start from working programs)", () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) expect(checkFile("fixture.net", { text: f }).graph).toBeDefined();
  });

  it("random strings", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 })), frontEndHolds), runs(60));
  });

  it("token soups", () => {
    fc.assert(fc.property(tokenSoup, frontEndHolds), runs(80));
  });

  it("token mutations of the fixtures", () => {
    fc.assert(fc.property(tokenMutant, frontEndHolds), runs(100));
  });

  it("character mutations of the fixtures", () => {
    fc.assert(fc.property(charMutant, frontEndHolds), runs(60));
  });

  it("extreme numbers in the fixtures", () => {
    fc.assert(fc.property(numberMutant, frontEndHolds), runs(40));
  });

  it("edge cases", () => {
    for (const text of ["", "\n", "\r\n", "\uFEFF", "network", "network n {", "network n { input x: [", '"', "#", "}".repeat(50), "(".repeat(300), "network n {\n  output o = " + "-".repeat(5000) + "1\n}"]) frontEndHolds(text);
  });
});
