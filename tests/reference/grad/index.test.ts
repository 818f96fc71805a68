// backwardKernels holds one kernel for every backward and loss op the spec
// (docs/autodiff.md) names, and nothing else. Also a check that the
// finite-difference checker catches a wrong gradient.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { backwardKernels } from "../../../ops/implementations.js";
import { kernel as conv } from "../../../ops/conv/reference.js";
import { kernel as convGradInput } from "../../../ops/conv_grad_input/reference.js";
import type { Attrs } from "../../../core/ir/graph.js";
import { back, fdGrad, randn, relErr, rng, setup, TOL } from "./fd.js";

function specOps(): string[] {
  const doc = readFileSync(new URL("../../../docs/autodiff.md", import.meta.url), "utf8");
  const start = doc.indexOf("## Backward ops");
  const end = doc.indexOf("## Reference executor");
  const section = doc.slice(start, end);
  const names = new Set<string>();
  for (const line of section.split("\n")) {
    const row = /^\| `([a-z0-9_]+)`/.exec(line);
    if (row) names.add(row[1]!);
    // The loss table names each gradient op as `name_grad`: in its last column.
    for (const m of line.matchAll(/`([a-z0-9_]+_grad)`:/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

describe("backwardKernels", () => {
  it("has exactly the spec's backward and loss ops", () => {
    const ops = specOps();
    expect(ops.length).toBeGreaterThan(30);
    expect(Object.keys(backwardKernels).sort()).toEqual(ops);
    for (const k of Object.values(backwardKernels)) expect(typeof k).toBe("function");
  });
});

describe("the finite-difference check", () => {
  it("rejects a wrong gradient (conv_grad_input with a wrong stride)", () => {
    const r = rng(1);
    const attrs: Attrs = { out: 2, kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1, bias: false, table: null };
    const x = randn(r, [1, 2, 5, 5]);
    const weight = randn(r, [2, 2, 3, 3]);
    const { g, loss } = setup({ kernel: conv, attrs, inputs: [x], params: { weight }, batch: 1 }, r);
    const numeric = fdGrad(x, loss);
    const right = back(convGradInput, [g], { ...attrs, in_shape: [2, 5, 5] }, { weight }, x.shape, 1);
    expect(relErr(right.data, numeric)).toBeLessThanOrEqual(TOL);
    // Same dy read as if the padding were 0: the taps shift, the check must fail.
    const wrong = back(convGradInput, [g], { ...attrs, padding: [0, 0], in_shape: [2, 5, 5] }, { weight }, x.shape, 1);
    expect(relErr(wrong.data, numeric)).toBeGreaterThan(0.1);
  });
});
