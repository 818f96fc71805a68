// `fn NAME(PARAMS) = EXPR` parses to a function declaration with spans on
// its name, parameters and body; a function sits among the other top-level
// declarations in source order; malformed ones are syntax errors.

import { describe, expect, it } from "vitest";
import type * as A from "../../grammar/ast.js";
import { parseSource } from "../../grammar/parse.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { makeSource } from "../../core/diagnostics/source.js";

function parse(text: string): A.Program {
  const r = parseSource(makeSource("test.net", text));
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r.program!;
}

function errorCount(text: string): number {
  const r = parseSource(makeSource("bad.net", text));
  expect(r.program).toBeUndefined();
  return r.diagnostics.length;
}

const slice = (s: Span) => s.source.text.slice(s.start, s.end);

describe("fn declarations", () => {
  it("parse name, parameters with defaults, and a body expression", () => {
    const text = "fn make_divisible(v, d = 8) = max(d, int(v + d / 2) // d * d)";
    const f = parse(text).decls[0] as A.FnDecl;
    expect(f.kind).toBe("fn");
    expect(slice(f.name.span)).toBe("make_divisible");
    expect(f.params.map((p) => p.name.name)).toEqual(["v", "d"]);
    expect(f.params[1]!.default).toMatchObject({ kind: "number", value: 8 });
    expect(f.body.kind).toBe("call");
    expect(slice(f.body.span)).toBe("max(d, int(v + d / 2) // d * d)");
    expect(slice(f.span)).toBe(text);
  });

  it("take no parameters and any expression, conditionals included", () => {
    const [a, b] = parse('fn two() = 2\nfn act(s) = s == "HS" ? "hardswish" : "relu"').decls as [A.FnDecl, A.FnDecl];
    expect(a.params).toEqual([]);
    expect(b.body.kind).toBe("ternary");
  });

  it("keep source order among the other declarations", () => {
    const p = parse('import "std/blocks"\nfn f(a) = a\nblock b() (x) { return x }\nfn g(a) = f(a)\nnetwork n { input i: [1] output o = i }');
    expect(p.decls.map((d) => d.kind)).toEqual(["import", "fn", "block", "fn", "network"]);
  });

  it("are top-level only, and need '=' and a body", () => {
    expect(errorCount("network n { fn f(a) = a }")).toBeGreaterThan(0);
    expect(errorCount("fn f(a) a")).toBeGreaterThan(0);
    expect(errorCount("fn f(a) =")).toBeGreaterThan(0);
    expect(errorCount("fn (a) = a")).toBeGreaterThan(0);
    expect(errorCount("fn f(a) { return a }")).toBeGreaterThan(0);
  });

  it("leave names that start with 'fn' as names", () => {
    const f = parse("fn fnx(fn_a) = fn_a").decls[0] as A.FnDecl;
    expect(f.name.name).toBe("fnx");
    expect(f.params[0]!.name.name).toBe("fn_a");
  });
});
