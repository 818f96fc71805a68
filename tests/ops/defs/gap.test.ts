import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("gap", () => {
  it.each([
    ["gap", [512, 7, 7], [512], 512 * 49],
    ["global_avgpool", [2048, 7, 7], [2048], 2048 * 49],
    ["gap", [10, 1, 1], [10], 10],
  ] as const)("%s %j -> %j", (name, inp, shape, flops) => {
    const r = applyOp(name, [[...inp]]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "global" });
  });
  it("needs a feature map", () => {
    expect(() => applyOp("gap", [[512]])).toThrow("input has shape [512], but this op needs a [channels, height, width] feature map");
  });
});
