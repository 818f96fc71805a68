import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("dropout", () => {
  it("is free at inference and keeps the shape", () => {
    const r = applyOp("dropout", [[4096]]);
    expect(r.attrs).toEqual({ rate: 0.5 });
    expect(r.shape).toEqual([4096]);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("takes p for the rate, as PyTorch", () => {
    expect(applyOp("dropout", [[3, 4, 4]], [], { p: 0.2 }).attrs).toEqual({ rate: 0.2 });
    expect(applyOp("dropout", [[3]], [0]).shape).toEqual([3]);
  });
  it("refuses rates outside [0, 1)", () => {
    expect(() => applyOp("dropout", [[8]], [1])).toThrow("rate 1 would drop every element");
    expect(() => applyOp("dropout", [[8]], [-0.1])).toThrow("'rate' must be at least 0");
  });
});
