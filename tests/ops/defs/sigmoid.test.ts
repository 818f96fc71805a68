import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("sigmoid", () => {
  it.each([
    [[10], 40],
    [[3, 4, 4], 4 * 48],
  ])("%j costs %d flops (negate, exp, add, divide)", (inp, flops) => {
    const r = applyOp("sigmoid", [inp]);
    expect(r.shape).toEqual(inp);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("takes no attributes", () => {
    expect(() => applyOp("sigmoid", [[3]], [1])).toThrow("sigmoid takes at most 0 positional attributes, got 1");
  });
});
