// Arithmetic on tensors in the language (issue 13): each operator with a
// tensor makes the node docs/language.md promises (add, sub, mul, or one
// affine with the number as scale, shift or divisor), keeps the
// expression's span for diagnostics and an `as` name, and the operators
// that have no tensor meaning are refused with a message saying what does.

import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

function check(body: string) {
  return checkFile("a.net", { text: `network k {\n  input x: [4, 5, 5]\n  input z: [4, 5, 5]\n${body}\n}\n` });
}

function nodesOf(body: string) {
  const r = check(body);
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r.graph!.nodes;
}

/** The one node `expr` makes from x (and z), as op and attributes. */
function made(expr: string): { op: string; attrs: Record<string, unknown> } {
  const nodes = nodesOf(`  output y = ${expr}`);
  const n = nodes.at(-1)!;
  return { op: n.op, attrs: { ...n.attrs } };
}

const affine = (scale: number, shift: number, divisor: number) => ({ op: "affine", attrs: { scale, shift, divisor } });

describe("arithmetic on tensors", () => {
  it("makes one affine node for a tensor and a number, on either side", () => {
    expect(made("x + 3")).toEqual(affine(1, 3, 1));
    expect(made("3 + x")).toEqual(affine(1, 3, 1));
    expect(made("x - 3")).toEqual(affine(1, -3, 1));
    expect(made("3 - x")).toEqual(affine(-1, 3, 1));
    expect(made("x * 0.5")).toEqual(affine(0.5, 0, 1));
    expect(made("0.5 * x")).toEqual(affine(0.5, 0, 1));
    // A true division, not a multiplication by 1/6 (which rounds differently in float32).
    expect(made("x / 6")).toEqual(affine(1, 0, 6));
    expect(made("-x")).toEqual(affine(-1, 0, 1));
  });

  it("makes add, sub and mul of two tensors; numbers still fold at compile time", () => {
    expect(made("x + z").op).toBe("add");
    expect(made("x - z").op).toBe("sub");
    expect(made("x * z").op).toBe("mul");
    expect(made("x - x").op).toBe("sub");
    // Only the tensor operations become nodes: 2 * 3 - 1 is the number 5.
    expect(made("x * (2 * 3 - 1)")).toEqual(affine(5, 0, 1));
    expect(made("-(-x)").op).toBe("affine");
  });

  it("writes hardswish by hand: affine, relu6, mul, affine, with the shapes kept", () => {
    const nodes = nodesOf("  output y = x * relu6(x + 3) / 6");
    expect(nodes.map((n) => n.op)).toEqual(["input", "input", "affine", "relu6", "mul", "affine"]);
    expect(nodes.at(-1)!.shape).toEqual([4, 5, 5]);
  });

  it("compiles docs/language.md's hswish block and calls affine by name", () => {
    const r = checkFile("h.net", { text: "block hswish() (x) {\n  return x * relu6(x + 3) / 6\n}\nnetwork k {\n  input x: [4, 5, 5]\n  output y = x |> hswish |> affine(0.5, 3)\n}\n" });
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.nodes.map((n) => n.op)).toEqual(["input", "affine", "relu6", "mul", "affine", "affine"]);
    expect(r.graph!.nodes.at(-1)!.attrs).toEqual({ scale: 0.5, shift: 3, divisor: 1 });
  });

  it("names the node with `as` and points diagnostics at the expression", () => {
    const nodes = nodesOf("  h = (x + 3) as shifted\n  output y = h |> relu");
    expect(nodes.find((n) => n.op === "affine")!.name).toBe("shifted");
    const expr = "x - part";
    const d = check(`  part = z |> slice(0, 2)\n  output y = ${expr}`).diagnostics.find((x) => x.severity === "error")!;
    expect(d.message).toContain("operand 2 has shape [2, 5, 5] but operand 1 has [4, 5, 5]");
    expect(d.span!.source.text.slice(d.span!.start, d.span!.end)).toBe(expr);
  });

  it("refuses the operators with no tensor meaning, saying what applies", () => {
    const errors = (expr: string) => check(`  output y = ${expr}`).diagnostics.filter((d) => d.severity === "error").map((d) => [d.message, d.expected]);
    expect(errors("x / z")).toEqual([["'/' does not apply to two tensors", "a tensor divided by a number (x / 6); there is no elementwise division of tensors"]]);
    expect(errors("6 / x")).toEqual([["'/' does not apply to a number and a tensor", "a tensor divided by a number (x / 6); a number divided by a tensor is not supported"]]);
    expect(errors("x / 0")).toEqual([["division by zero", "a non-zero divisor"]]);
    expect(errors("x ** 2")[0]![0]).toBe("'**' does not apply to a tensor and a number");
    expect(errors("x ** 2")[0]![1]).toContain("Tensor arithmetic");
  });

  it("refuses a constant float32 cannot hold", () => {
    const r = check("  output y = x * 1e39");
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual(["affine 'affine1': 'scale' must be at most 3.4028234663852886e+38, got 1e+39"]);
  });
});
