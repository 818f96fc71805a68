import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("slice", () => {
  it.each([
    // ShuffleNet v2 channel split of 116 channels.
    [[116, 28, 28], [0, 58], [58, 28, 28]],
    [[116, 28, 28], [58, 116], [58, 28, 28]],
    [[3, 8, 8], [2, 6, 2], [3, 8, 4]],
    [[10], [9, 10], [1]],
  ])("%j %j -> %j", (inp, pos, shape) => {
    const r = applyOp("slice", [inp], pos);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("keeps the range inside the axis", () => {
    expect(() => applyOp("slice", [[116, 28, 28]], [0, 117])).toThrow("end 117 is past axis 0 of size 116 in input [116, 28, 28]");
    expect(() => applyOp("slice", [[116, 28, 28]], [5, 5])).toThrow("start 5 must be below end 5");
    expect(() => applyOp("slice", [[4, 2, 2]], [0, 1, 3])).toThrow("axis 3 is out of range for an input of shape [4, 2, 2]");
    expect(() => applyOp("slice", [[4]], [0, 0])).toThrow("'end' must be at least 1");
  });
});
