import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("gmp", () => {
  it.each([
    ["gmp", [2048, 7, 7], [2048], 2048 * 49],
    ["global_maxpool", [64, 4, 3], [64], 64 * 12],
  ] as const)("%s %j -> %j", (name, inp, shape, flops) => {
    const r = applyOp(name, [[...inp]]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "global" });
  });
  it("needs a feature map", () => {
    expect(() => applyOp("gmp", [[3, 4]])).toThrow("[channels, height, width]");
  });
});
