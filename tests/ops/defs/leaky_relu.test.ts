import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("leaky_relu", () => {
  it("keeps the shape and counts a compare and a multiply per element", () => {
    const r = applyOp("leaky_relu", [[4, 2, 2]]);
    expect(r.attrs).toEqual({ alpha: 0.01 });
    expect(r.shape).toEqual([4, 2, 2]);
    expect(r.cost).toEqual({ macs: 0, flops: 32 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("refuses a negative slope", () => {
    expect(applyOp("leaky_relu", [[3]], [0.2]).attrs).toEqual({ alpha: 0.2 });
    expect(() => applyOp("leaky_relu", [[3]], [-1])).toThrow("'alpha' must be at least 0");
  });
});
