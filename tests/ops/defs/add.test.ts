import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("add", () => {
  it.each([
    [[[64, 56, 56], [64, 56, 56]], 64 * 56 * 56],
    [[[2, 3], [2, 3], [2, 3]], 2 * 6], // n operands: n - 1 adds per element
  ])("%j costs %d flops", (inputs, flops) => {
    const r = applyOp("add", inputs);
    expect(r.shape).toEqual(inputs[0]);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("names the operand whose shape differs", () => {
    expect(() => applyOp("add", [[64, 56, 56], [64, 28, 28]])).toThrow("operand 2 has shape [64, 28, 28] but operand 1 has [64, 56, 56]");
  });
});
