import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("bn", () => {
  it("learns a scale and shift per channel and keeps running statistics as buffers", () => {
    const r = applyOp("bn", [[64, 56, 56]]);
    expect(r.shape).toEqual([64, 56, 56]);
    expect(r.params.map((p) => [p.role, p.kind, p.shape])).toEqual([
      ["weight", "weight", [64]],
      ["bias", "bias", [64]],
      ["running_mean", "buffer", [64]],
      ["running_var", "buffer", [64]],
    ]);
    expect(r.paramCount).toBe(128);
    expect(r.cost).toEqual({ macs: 0, flops: 2 * 64 * 56 * 56 });
    expect(r.spatial).toEqual({ kind: "pointwise" });
  });
  it("without affine has only buffers", () => {
    const r = applyOp("batchnorm", [[10]], [], { affine: false });
    expect(r.params.map((p) => p.role)).toEqual(["running_mean", "running_var"]);
    expect(r.paramCount).toBe(0);
    expect(r.cost.flops).toBe(20);
  });
  it("checks eps and momentum", () => {
    expect(applyOp("bn", [[4]]).attrs).toEqual({ eps: 1e-5, momentum: 0.1, affine: true, training: false });
    expect(() => applyOp("bn", [[4]], [0])).toThrow("'eps' must be greater than 0");
    expect(() => applyOp("bn", [[4]], [], { momentum: 2 })).toThrow("'momentum' must be at most 1");
    expect(() => applyOp("bn", [[]])).toThrow("batch norm needs a channel axis");
  });
});
