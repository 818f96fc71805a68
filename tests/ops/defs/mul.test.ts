import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("mul", () => {
  // Shapes align from the channel axis; the shorter is padded with trailing 1s.
  it.each([
    [[64, 56, 56], [64], [64, 56, 56]], // squeeze-and-excitation gate
    [[64], [64, 56, 56], [64, 56, 56]],
    [[64, 1, 1], [64, 7, 7], [64, 7, 7]],
    [[8, 4, 4], [8, 4, 4], [8, 4, 4]],
    [[1], [3, 2, 2], [3, 2, 2]],
    [[3, 1, 5], [1, 4], [3, 4, 5]],
  ])("%j × %j -> %j", (a, b, shape) => {
    const r = applyOp("mul", [a, b]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops: shape.reduce((x, y) => x * y, 1) });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("names both shapes and the first conflicting axis", () => {
    expect(() => applyOp("mul", [[64, 7, 7], [32]])).toThrow("shapes [64, 7, 7] and [32] conflict on axis 0 (64 vs 32)");
    // Trailing alignment (NumPy) would accept this; channel-first alignment does not.
    expect(() => applyOp("mul", [[3, 4, 5], [3, 5]])).toThrow("shapes [3, 4, 5] and [3, 5] conflict on axis 1 (4 vs 5)");
  });
});
