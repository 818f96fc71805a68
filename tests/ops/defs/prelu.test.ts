import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("prelu", () => {
  it.each([
    [false, [1]],
    [true, [64]],
  ] as const)("per_channel=%s learns slopes of shape %j", (perChannel, slopes) => {
    const r = applyOp("prelu", [[64, 8, 8]], [perChannel]);
    expect(r.shape).toEqual([64, 8, 8]);
    expect(r.params).toEqual([{ role: "weight", shape: slopes, kind: "weight", init: { fill: 0.25 } }]);
    expect(r.cost).toEqual({ macs: 0, flops: 2 * 64 * 64 });
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("needs a channel axis for per-channel slopes", () => {
    expect(() => applyOp("prelu", [[]], [true])).toThrow("a per-channel slope needs a channel axis");
  });
});
