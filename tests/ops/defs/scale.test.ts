import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("scale", () => {
  it("learns a weight and a bias per channel (LeNet-5 S2: 12 parameters)", () => {
    const r = applyOp("scale", [[6, 14, 14]]);
    expect(r.shape).toEqual([6, 14, 14]);
    expect(r.params).toEqual([
      { role: "weight", shape: [6], kind: "weight", init: { fill: 1 } },
      { role: "bias", shape: [6], kind: "bias", init: { fill: 0 } },
    ]);
    expect(r.paramCount).toBe(12);
    expect(r.cost).toEqual({ macs: 0, flops: 2 * 6 * 196 });
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("without bias is one multiply per element", () => {
    const r = applyOp("scale", [[6, 14, 14]], [false]);
    expect(r.paramCount).toBe(6);
    expect(r.cost.flops).toBe(6 * 196);
  });
  it("needs a channel axis", () => {
    expect(() => applyOp("scale", [[]])).toThrow("a per-channel scale needs a channel axis");
  });
});
