import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("reshape", () => {
  it.each([
    [[9216], [256, 6, 6], [256, 6, 6]],
    [[256, 6, 6], [-1], [9216]],
    [[12], [3, -1], [3, 4]],
    [[2, 3, 4], [4, -1, 2], [4, 3, 2]],
    [[2, 3], [6, 1], [6, 1]],
  ])("%j to %j -> %j", (inp, target, shape) => {
    const r = applyOp("reshape", [inp], [target]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.spatial).toEqual({ kind: "global" });
  });
  it("names both shapes when the element counts differ", () => {
    expect(() => applyOp("reshape", [[12]], [[5, 3]])).toThrow("input [12] has 12 elements but the target shape [5, 3] has 15");
    expect(() => applyOp("reshape", [[12]], [[-1, 5]])).toThrow("input [12] has 12 elements, which [-1, 5] cannot hold: 12 is not a multiple of 5");
  });
  it("allows one -1 and no zeros", () => {
    expect(() => applyOp("reshape", [[12]], [[-1, -1]])).toThrow("at most one -1");
    expect(() => applyOp("reshape", [[12]], [[0, 12]])).toThrow("entries of at least 1");
    expect(() => applyOp("reshape", [[12]], [[-2, -6]])).toThrow("'shape' must be at least -1");
  });
});
