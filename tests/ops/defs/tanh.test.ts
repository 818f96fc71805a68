import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("tanh", () => {
  it.each([
    [[10], 50],
    [[3, 2, 2], 60],
  ])("%j costs %d flops (double, exp, subtract, add, divide)", (inp, flops) => {
    const r = applyOp("tanh", [inp]);
    expect(r.shape).toEqual(inp);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
});
