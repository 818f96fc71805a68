// Budgets of elaboration on runaway programs: a recursion that fans out, a
// recursion without a base case that calls itself twice, a loop that fails
// in every iteration, lists that double. Each must end with one clear
// diagnostic, and soon: the tests bound the work done (statements run, as
// the evaluator counts them), never the time it took.

import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { MAX_NODES } from "../../compiler/elaborate/builder.js";
import { MAX_FAILURES, MAX_STEPS, Evaluator } from "../../compiler/elaborate/evaluate.js";
import { ModuleLoader } from "../../compiler/elaborate/modules.js";
import { checkFile } from "../../compiler/pipeline.js";

/** Elaborates the network `n` of `text` and reports what the evaluator found and how much it ran. */
function elaborate(text: string): { errors: Diagnostic[]; steps: number } {
  const loader = new ModuleLoader();
  loader.loadMain("limits.net", text);
  expect(loader.diagnostics.map((d) => d.message)).toEqual([]);
  const ev = new Evaluator(loader.decls);
  ev.run(loader.decls.networks.get("n")!, new Map());
  return { errors: ev.diagnostics.filter((d) => d.severity === "error"), steps: ev.stepsRun };
}

const net = (body: string, blocks = "") => `${blocks}\nnetwork n {\n  input i: [3, 8, 8]\n${body}\n}\n`;

/** A block that calls itself twice on its input, down to depth 0: 2^(d+1) - 1 calls. */
const FAN = `block fan(d) (x) {
  if d == 0 { return x |> relu }
  a = x |> fan(d - 1)
  b = x |> fan(d - 1)
  return a + b
}`;

describe("budgets end runaway elaboration at once", () => {
  it("a fan-out recursion of depth 40 stops at the node budget with one error", () => {
    const r = elaborate(net("  output o = i |> fan(40)", FAN));
    expect(r.errors.map((d) => d.message)).toEqual([`the network has more than ${MAX_NODES} nodes`]);
    // Building MAX_NODES nodes takes about three statements per node; going
    // on in every other branch after the first failure ran into the
    // 2,000,000-statement limit (and printed the error 31,069 times at depth 17).
    expect(r.steps).toBeLessThan(4 * MAX_NODES);
    expect(r.steps).toBeLessThan(MAX_STEPS / 2);
  });

  it("a recursion without a base case that fans out stops at the depth limit, not after 2^64 calls", () => {
    const r = elaborate(net("  output o = i |> twice(0)", "block twice(d) (x) {\n  a = x |> twice(d + 1)\n  b = x |> twice(d + 1)\n  return x\n}"));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/^blocks nest more than 64 deep \(does 'twice' call itself without end\?\)/);
    expect(r.steps).toBeLessThan(1000);
  });

  it("a statement failing in every iteration of a loop is reported once, and the loop stops", () => {
    const r = elaborate(net("  repeat 1000000 { y = nosuchname }\n  output o = i |> relu"));
    expect(r.errors.map((d) => d.message)).toEqual(["unknown name 'nosuchname'", `elaboration stopped after ${MAX_FAILURES} errors`]);
    expect(r.steps).toBeLessThanOrEqual(MAX_FAILURES + 2);
  });

  it("the step limit ends the run with one error, not one per pending statement", () => {
    const r = elaborate(net("  x = 0\n  repeat 1000 { repeat 1000 { repeat 3 { x = x + 1 } } }\n  output o = i |> relu"));
    expect(r.errors.map((d) => d.message)).toEqual([`elaboration ran more than ${MAX_STEPS} statements`]);
    expect(r.steps).toBe(MAX_STEPS + 1);
  });

  it("a list doubled in a loop is refused when it gets too long", () => {
    const r = elaborate(net("  l = [1]\n  repeat 40 { l = l + l }\n  output o = i |> relu"));
    expect(r.errors[0]!.message).toBe("a list of 1048576 items is too long");
  });

  it("a string doubled in a loop is refused when it gets too long", () => {
    const r = elaborate(net('  s = "ab"\n  repeat 40 { s = s + s }\n  output o = i |> relu'));
    expect(r.errors[0]!.message).toBe("a string of 1048576 characters is too long");
  });
});

describe("built-in functions on long lists", () => {
  // Math.max(...list) takes the list as arguments: a million of them overflow the stack.
  it("max, min and zip take a list of a million numbers", () => {
    const r = checkFile("long_lists.net", {
      text: net("  r = range(1000000)\n  output o = i |> conv(max(r) - 999990 + min(r) + len(zip(r, r)) - 1000000, k=1)"),
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.graph!.nodes.find((n) => n.op === "conv")!.shape).toEqual([9, 8, 8]);
  });

  it("zip of nothing is an error, not an array of infinite length", () => {
    const r = elaborate(net("  z = zip()\n  output o = i |> relu"));
    expect(r.errors.map((d) => d.message)).toEqual(["zip of nothing"]);
  });
});
