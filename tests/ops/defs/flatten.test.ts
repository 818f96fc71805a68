import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("flatten", () => {
  it.each([
    [[256, 6, 6], [9216]], // AlexNet
    [[16, 5, 5], [400]], // LeNet-5
    [[7], [7]],
  ])("%j -> %j", (inp, shape) => {
    const r = applyOp("flatten", [inp]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "global" });
  });
});
