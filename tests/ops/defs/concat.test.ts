import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("concat", () => {
  it.each([
    // Inception 3a: 64 + 128 + 32 + 32 channels.
    [[[64, 28, 28], [128, 28, 28], [32, 28, 28], [32, 28, 28]], 0, [256, 28, 28]],
    [[[2, 3, 4], [2, 5, 4]], 1, [2, 8, 4]],
    [[[10], [6]], 0, [16]],
  ])("%j along %d -> %j", (inputs, axis, shape) => {
    const r = applyOp("concat", inputs, [axis]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("names the operand and the shapes that do not fit", () => {
    expect(() => applyOp("concat", [[64, 28, 28], [64, 14, 14]])).toThrow(
      "operand 2 has shape [64, 14, 14] but operand 1 has [64, 28, 28]; they may differ only on axis 0",
    );
    expect(() => applyOp("concat", [[4, 2, 2], [4, 2, 2], [4]])).toThrow("operand 3 has shape [4] but operand 1 has [4, 2, 2]");
    expect(() => applyOp("concat", [[4, 2, 2], [4, 2, 2]], [3])).toThrow("axis 3 is out of range for operand 1 of shape [4, 2, 2]");
  });
});
