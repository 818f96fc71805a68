import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("relu", () => {
  it.each([
    [[64, 112, 112], 64 * 112 * 112],
    [[4096], 4096],
  ])("%j costs one comparison per element", (inp, flops) => {
    const r = applyOp("relu", [inp]);
    expect(r.shape).toEqual(inp);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
});
