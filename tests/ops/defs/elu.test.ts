import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("elu", () => {
  it("keeps the shape and counts compare, expm1 and multiply per element", () => {
    const r = applyOp("elu", [[10]]);
    expect(r.attrs).toEqual({ alpha: 1 });
    expect(r.shape).toEqual([10]);
    expect(r.cost).toEqual({ macs: 0, flops: 30 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("elu", [[2, 3, 3]], [0.5]).cost.flops).toBe(54);
  });
});
