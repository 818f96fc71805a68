import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../../core/ir/graph.js";
import { applyOp } from "../../helpers/ops.js";

describe("upsample", () => {
  // [input, named, output shape, flops]; bilinear is 7 flops per output element.
  const table: [number[], Record<string, AttrValue>, number[], number][] = [
    [[64, 13, 13], {}, [64, 26, 26], 0],
    [[3, 4, 5], { scale: [2, 3], mode: "bilinear" }, [3, 8, 15], 7 * 3 * 8 * 15],
    [[1, 2, 2], { scale: 4 }, [1, 8, 8], 0],
  ];
  it.each(table)("%j %j -> %j", (inp, named, shape, flops) => {
    const r = applyOp("upsample", [inp], [], named);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
  });
  it("maps the upsampling for the receptive field", () => {
    expect(applyOp("upsample", [[1, 4, 4]]).spatial).toEqual({ kind: "upsample", factor: [2, 2], kernel: [1, 1], pad: [0, 0] });
    expect(applyOp("upsample", [[1, 4, 4]], [3, "bilinear"]).spatial).toEqual({ kind: "upsample", factor: [3, 3], kernel: [2, 2], pad: [0, 0] });
  });
  it("refuses unknown modes, zero scales and non-maps", () => {
    expect(() => applyOp("upsample", [[1, 4, 4]], [], { mode: "bicubic" })).toThrow("'mode' must be one of");
    expect(() => applyOp("upsample", [[1, 4, 4]], [0])).toThrow("'scale' must be at least 1");
    expect(() => applyOp("upsample", [[16]])).toThrow("[channels, height, width]");
  });
});
