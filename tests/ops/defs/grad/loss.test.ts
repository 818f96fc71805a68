import { describe, expect, it } from "vitest";
import { applyGrad } from "./helper.js";

describe("cross_entropy and cross_entropy_grad", () => {
  // [logits, label, flops = 6 per logit element]
  it.each([
    [[10], [], 60],
    [[21, 8, 8], [8, 8], 6 * 1344],
  ])("logits %j, label %j", (logits, label, flops) => {
    const v = applyGrad("cross_entropy", [logits, label]);
    expect(v.shape).toEqual([]);
    expect(v.batched).toBe(false);
    expect(v.cost).toEqual({ macs: 0, flops });
    expect(v.attrs).toEqual({ smoothing: 0 });
    const g = applyGrad("cross_entropy_grad", [logits, label], [0.1], { weight: 0.5 });
    expect(g.shape).toEqual(logits);
    expect(g.batched).toBe(true);
    expect(g.attrs).toEqual({ smoothing: 0.1, weight: 0.5 });
    expect(g.cost).toEqual({ macs: 0, flops });
  });
  it("checks the label against the logits", () => {
    expect(() => applyGrad("cross_entropy", [[21, 8, 8], [8]])).toThrow("label has shape [8], but logits [21, 8, 8] need one class index per position, [8, 8]");
    expect(() => applyGrad("cross_entropy_grad", [[10], [10]])).toThrow("label has shape [10], but logits [10] need one class index per position, []");
    expect(() => applyGrad("cross_entropy", [[], []])).toThrow("cross-entropy needs a class axis");
    expect(() => applyGrad("cross_entropy", [[10], []], [1.5])).toThrow("'smoothing' must be at most 1");
    expect(() => applyGrad("cross_entropy_grad", [[10], []], [], { weight: -1 })).toThrow("'weight' must be at least 0");
  });
});

describe("bce, mse, smooth_l1 and their gradients", () => {
  // [value op, grad op, x, value flops per element, grad flops per element]
  it.each([
    ["bce", "bce_grad", [4], 8, 6],
    ["mse", "mse_grad", [3, 2], 3, 2],
    ["smooth_l1", "smooth_l1_grad", [4], 6, 5],
    ["mse", "mse_grad", [], 3, 2],
  ] as const)("%s on %j", (value, grad, x, vf, gf) => {
    const n = x.reduce((a: number, b: number) => a * b, 1);
    const v = applyGrad(value, [x, x]);
    expect(v.shape).toEqual([]);
    expect(v.batched).toBe(false);
    expect(v.op.role).toBe("loss");
    expect(v.cost).toEqual({ macs: 0, flops: vf * n });
    const g = applyGrad(grad, [x, x], [], { weight: 2 });
    expect(g.shape).toEqual(x);
    expect(g.batched).toBe(true);
    expect(g.op.role).toBe("loss");
    expect(g.attrs.weight).toBe(2);
    expect(g.cost).toEqual({ macs: 0, flops: gf * n });
  });
  it("needs targets of the output's shape", () => {
    expect(() => applyGrad("bce", [[4], [5]])).toThrow("x has shape [4] but target has shape [5]; they must match");
    expect(() => applyGrad("mse_grad", [[3, 2], [2, 3]])).toThrow("x has shape [3, 2] but target has shape [2, 3]");
  });
  it("smooth_l1 has beta > 0, and its gradient beta then weight", () => {
    expect(applyGrad("smooth_l1", [[4], [4]]).attrs).toEqual({ beta: 1 });
    expect(applyGrad("smooth_l1_grad", [[4], [4]], [0.5]).attrs).toEqual({ beta: 0.5, weight: 1 });
    expect(() => applyGrad("smooth_l1", [[4], [4]], [0])).toThrow("'beta' must be greater than 0");
  });
});

describe("weighted_sum", () => {
  it("adds scalar losses with float weights", () => {
    const r = applyGrad("weighted_sum", [[], []], [[1, 0.5]]);
    expect(r.shape).toEqual([]);
    expect(r.attrs).toEqual({ weights: [1, 0.5] });
    expect(r.batched).toBe(false);
    expect(r.op.arity).toBe("any");
    expect(r.cost).toEqual({ macs: 0, flops: 4 });
    expect(applyGrad("weighted_sum", [[]], [[2]]).shape).toEqual([]);
  });
  it("needs one weight per scalar loss", () => {
    expect(() => applyGrad("weighted_sum", [[], []], [[1]])).toThrow("1 weight for 2 losses");
    expect(() => applyGrad("weighted_sum", [[], [3]], [[1, 1]])).toThrow("loss 1 has shape [3], but weighted_sum adds scalars");
    expect(() => applyGrad("weighted_sum", [[]], [["a"]])).toThrow("'weights' must be a list of numbers");
    expect(() => applyGrad("weighted_sum", [[]], [[-1]])).toThrow("'weights' must be at least 0");
    expect(() => applyGrad("weighted_sum", [[]], [[Infinity]])).toThrow("must be a finite number");
  });
});
