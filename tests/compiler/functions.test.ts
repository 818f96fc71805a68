// Compile-time functions `fn NAME(PARAMS) = EXPR`: their values (numbers,
// booleans, strings, lists; defaults, keywords, recursion), their scope
// (parameters and module declarations only, importable like blocks), and
// the budgets that end a recursion without end with one error.

import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { MAX_FUNCTION_DEPTH } from "../../compiler/elaborate/call_function.js";
import { MAX_STEPS, Evaluator } from "../../compiler/elaborate/evaluate.js";
import { ModuleLoader, type FileReader } from "../../compiler/elaborate/modules.js";
import { checkFile } from "../../compiler/pipeline.js";

/** torchvision's _make_divisible(v, divisor, min_value=None), written as a function. */
const MAKE_DIVISIBLE = `
fn round_to(v, d) = max(d, int(v + d / 2) // d * d)
fn make_divisible(v, d = 8) = round_to(v, d) < 0.9 * v ? round_to(v, d) + d : round_to(v, d)
`;

/** The channel count `expr` evaluates to, read back from a 1×1 conv that uses it. */
function channels(fns: string, expr: string): number {
  const text = `${fns}\nnetwork n {\n  input i: [3, 4, 4]\n  output o = i |> conv(${expr}, k=1)\n}\n`;
  const r = checkFile("fns.net", { text });
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  const g = r.graph!;
  return g.nodes[g.outputs[0]!.node]!.shape[0]!;
}

function errors(text: string): string[] {
  return checkFile("fns.net", { text }).diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}

describe("compile-time functions compute values", () => {
  it("make_divisible gives torchvision's _make_divisible(v, 8)", () => {
    // Values worked out by hand from torchvision's formula:
    // new_v = max(8, int(v + 4) // 8 * 8); if new_v < 0.9 * v: new_v += 8.
    const cases: [number, number][] = [
      [16, 16], [18, 24], [30, 32], [60, 64], [120, 120], [168, 168], [240, 240],
      [4, 8], [24, 24], [20, 24], [13, 16], [11.2, 16], [72, 72],
    ];
    for (const [v, want] of cases) expect(channels(MAKE_DIVISIBLE, `make_divisible(${v})`), `make_divisible(${v})`).toBe(want);
    // MobileNetV3's squeeze sizes: _make_divisible(exp // 4, 8).
    expect(channels(MAKE_DIVISIBLE, "make_divisible(72 // 4)")).toBe(24);
    expect(channels(MAKE_DIVISIBLE, "make_divisible(96 // 4, d = 8)")).toBe(24);
    expect(channels(MAKE_DIVISIBLE, "make_divisible(30, 16)")).toBe(32);
  });

  it("uses a tensor's members passed as numbers", () => {
    expect(channels(MAKE_DIVISIBLE, "make_divisible(i.channels * 6)")).toBe(24);
    expect(channels("fn area(s) = s[1] * s[2]", "area(i.shape)")).toBe(16);
  });

  it("binds defaults (which may use earlier parameters), keywords and positions", () => {
    const f = "fn f(a, b = a * 2, c = 1) = a + b * 10 + c * 100";
    expect(channels(f, "f(1)")).toBe(121);
    expect(channels(f, "f(1, 3)")).toBe(131);
    expect(channels(f, "f(1, c = 2)")).toBe(221);
    expect(channels(f, "f(c = 0, a = 2)")).toBe(42);
  });

  it("recurses, and calls other functions declared in any order", () => {
    const fns = "fn fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)\nfn total(xs, k = 0) = k >= len(xs) ? 0 : xs[k] + total(xs, k + 1)\nfn sq(x) = x * x";
    expect(channels(fns, "fib(10)")).toBe(55);
    expect(channels(fns, "total([1, 2, 3, sq(3)])")).toBe(15);
    expect(channels(fns, `total(range(${MAX_FUNCTION_DEPTH - 2}))`)).toBe(((MAX_FUNCTION_DEPTH - 2) * (MAX_FUNCTION_DEPTH - 3)) / 2);
  });

  it("returns booleans, strings and lists", () => {
    const fns = 'fn act(s) = s == "HS" ? "hardswish" : "relu"\nfn pair(k) = [k, k]\nfn even(n) = n % 2 == 0';
    expect(channels(fns, 'act("HS") == "hardswish" ? 5 : 1')).toBe(5);
    expect(channels(fns, "pair(3) == [3, 3] && even(4) && !even(3) ? 6 : 1")).toBe(6);
    expect(channels(fns, "pair(3)[1] + len(pair(2))")).toBe(5);
  });

  it("works in block parameters and loops", () => {
    const text = `${MAKE_DIVISIBLE}
block se(c, r = 4) (x) {
  return x |> conv(make_divisible(c // r), k=1) |> conv(c, k=1)
}
network n {
  input i: [72, 4, 4]
  y = i
  for w in [1, 2] { y = y |> conv(make_divisible(12 * w), k=1) }
  output o = (i |> se(72)) + (y |> conv(72, k=1))
}
`;
    const r = checkFile("fns.net", { text });
    expect(r.diagnostics).toEqual([]);
    const convs = r.graph!.nodes.filter((n) => n.op === "conv").map((n) => n.shape[0]);
    expect(convs).toEqual([16, 24, 24, 72, 72]);
  });

  it("sees only its parameters: a function body cannot read the caller's variables", () => {
    const text = "fn g(a) = a + c\nnetwork n {\n  input i: [3, 4, 4]\n  c = 2\n  output o = i |> conv(g(1), k=1)\n}\n";
    expect(errors(text)).toEqual(["unknown name 'c'"]);
  });

  it("is hidden by a variable of the same name", () => {
    const text = (use: string) => `fn f(a) = a + 1\nnetwork n {\n  input i: [3, 4, 4]\n  f = 3\n  output o = i |> conv(${use}, k=1)\n}\n`;
    const r = checkFile("fns.net", { text: text("f") });
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.nodes.at(-1)!.shape[0]).toBe(3);
    expect(errors(text("f(2)"))).toEqual(["'f' is a number, not something to call"]);
  });

  it("is imported from another file like a block", () => {
    const files = new Map([
      ["/virtual/lib/sizes.net", `${MAKE_DIVISIBLE}`],
      ["/virtual/main.net", 'import "lib/sizes"\nnetwork main {\n  input i: [3, 4, 4]\n  output o = i |> conv(make_divisible(18), k=1)\n}\n'],
    ]);
    const reader: FileReader = { read: (p) => (files.has(p) ? new TextEncoder().encode(files.get(p)!) : undefined) };
    const r = checkFile("/virtual/main.net", { reader });
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.nodes.at(-1)!.shape[0]).toBe(24);
  });

  it("makes `fn` a keyword, while names that start with it stay names", () => {
    expect(channels("fn fn_size(n) = n\nfn fnx() = 2", "fn_size(3) + fnx()")).toBe(5);
    expect(errors("network n {\n  input i: [3, 4, 4]\n  fn = 3\n  output o = i |> conv(fn, k=1)\n}\n")).not.toEqual([]);
  });

  it("a file of functions only is a library", () => {
    const r = checkFile("lib.net", { text: MAKE_DIVISIBLE, allowLibrary: true });
    expect(r.diagnostics).toEqual([]);
    expect(r.library).toBe(true);
  });
});

/** Runs network `n` of `text`, counting the work done. */
function run(text: string): { errors: Diagnostic[]; steps: number } {
  const loader = new ModuleLoader();
  loader.loadMain("limits.net", text);
  expect(loader.diagnostics.map((d) => d.message)).toEqual([]);
  const ev = new Evaluator(loader.decls);
  ev.run(loader.decls.networks.get("n")!, new Map());
  return { errors: ev.diagnostics.filter((d) => d.severity === "error"), steps: ev.stepsRun };
}

describe("budgets end a runaway recursion with one error", () => {
  const net = (fns: string, expr: string) => `${fns}\nnetwork n {\n  input i: [3, 8, 8]\n  output o = i |> conv(${expr}, k=1)\n}\n`;

  it("a function calling itself without end stops at the nesting bound", () => {
    const r = run(net("fn f(n) = f(n)", "f(1)"));
    expect(r.errors.map((d) => d.message)).toEqual([`function calls nest more than ${MAX_FUNCTION_DEPTH} deep (does 'f' call itself without end?)`]);
    expect(r.steps).toBeLessThan(MAX_FUNCTION_DEPTH + 10);
  });

  it("a recursion without a base case that calls itself twice stops at once too", () => {
    const r = run(net("fn f(n) = f(n - 1) + f(n - 1)", "f(3)"));
    expect(r.errors).toHaveLength(1);
    expect(r.steps).toBeLessThan(MAX_FUNCTION_DEPTH + 10);
  });

  it("an exponential recursion that would end stops at the step budget", () => {
    const r = run(net("fn f(n) = n == 0 ? 1 : f(n - 1) + f(n - 1)", "f(40)"));
    expect(r.errors.map((d) => d.message)).toEqual([`elaboration ran more than ${MAX_STEPS} statements and function calls`]);
    expect(r.steps).toBeLessThanOrEqual(MAX_STEPS + 1);
  });
});
