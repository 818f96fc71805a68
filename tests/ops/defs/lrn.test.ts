import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("lrn", () => {
  it("defaults to AlexNet's constants and counts 2·size + 3 flops per element", () => {
    const r = applyOp("lrn", [[96, 55, 55]]);
    expect(r.attrs).toEqual({ size: 5, alpha: 1e-4, beta: 0.75, k: 2 });
    expect(r.shape).toEqual([96, 55, 55]);
    expect(r.cost).toEqual({ macs: 0, flops: 13 * 96 * 55 * 55 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("scales its count with the window", () => {
    expect(applyOp("lrn", [[2, 2, 2]], [3]).cost.flops).toBe(9 * 8);
  });
  it("needs a feature map and a window of at least 1", () => {
    expect(() => applyOp("lrn", [[96]])).toThrow("[channels, height, width]");
    expect(() => applyOp("lrn", [[4, 2, 2]], [0])).toThrow("'size' must be at least 1");
  });
});
