import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("softmax", () => {
  it.each([
    [[1000], 0, 4000],
    [[21, 4, 4], 0, 4 * 21 * 16], // per-pixel class scores (segmentation)
    [[3, 4, 5], 2, 4 * 60],
  ])("%j along axis %d costs %d flops", (inp, axis, flops) => {
    const r = applyOp("softmax", [inp], [axis]);
    expect(r.shape).toEqual(inp);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
  });
  it("is pointwise along channels and global along a spatial axis", () => {
    expect(applyOp("softmax", [[21, 4, 4]]).spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("softmax", [[21, 4, 4]], [1]).spatial).toEqual({ kind: "global" });
  });
  it("refuses an axis past the rank, at either end (a negative axis counts from the last)", () => {
    expect(() => applyOp("softmax", [[3, 4, 5]], [3])).toThrow("axis 3 is out of range for an input of shape [3, 4, 5]");
    expect(() => applyOp("softmax", [[3]], [-2])).toThrow("axis -2 is out of range for an input of shape [3]");
    expect(applyOp("softmax", [[3]], [-1]).shape).toEqual([3]);
  });
});
