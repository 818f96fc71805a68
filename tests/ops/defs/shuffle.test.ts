import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("shuffle", () => {
  it.each([
    ["shuffle", [240, 28, 28], 3],
    ["channel_shuffle", [116, 14, 14], 2],
  ] as const)("%s %j groups=%d keeps the shape", (name, inp, groups) => {
    const r = applyOp(name, [[...inp]], [groups]);
    expect(r.shape).toEqual(inp);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("needs groups dividing the channels", () => {
    expect(() => applyOp("shuffle", [[10, 2, 2]], [3])).toThrow("input [10, 2, 2] has 10 channels, groups=3 does not divide them");
    expect(() => applyOp("shuffle", [[10, 2, 2]], [0])).toThrow("'groups' must be at least 1");
  });
});
