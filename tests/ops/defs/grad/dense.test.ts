import { describe, expect, it } from "vitest";
import { applyGrad } from "./helper.js";

describe("dense_grad_input and dense_grad_weight", () => {
  // [x, dy, weight [out, in], MACs = lead · in · out]
  const table: [number[], number[], number[], number][] = [
    [[512], [10], [10, 512], 5120],
    [[7, 64], [7, 32], [32, 64], 7 * 64 * 32],
    [[2, 3, 4], [2, 3, 5], [5, 4], 6 * 20],
  ];
  it.each(table)("input gradient for x %j, dy %j", (x, dy, weight, macs) => {
    const r = applyGrad("dense_grad_input", [dy], [x]);
    expect(r.shape).toEqual(x);
    expect(r.roles).toEqual([["weight", "weight", weight]]);
    expect(r.cost).toEqual({ macs, flops: 0 });
    expect(r.batched).toBe(true);
  });
  it.each(table)("weight gradient for x %j, dy %j", (x, dy, weight, macs) => {
    const r = applyGrad("dense_grad_weight", [x, dy]);
    expect(r.shape).toEqual(weight);
    expect(r.params).toEqual([]);
    expect(r.cost).toEqual({ macs, flops: 0 });
    expect(r.batched).toBe(false);
  });
  it("checks the leading axes agree", () => {
    expect(() => applyGrad("dense_grad_input", [[6, 32]], [[7, 64]])).toThrow("dy has shape [6, 32], but dense of in_shape [7, 64] gives [7, out]");
    expect(() => applyGrad("dense_grad_weight", [[64], [7, 32]])).toThrow("dy has shape [7, 32], but dense of x [64] gives [out]");
    expect(() => applyGrad("dense_grad_weight", [[], [3]])).toThrow("x has shape [], but dense needs at least one axis");
  });
});
