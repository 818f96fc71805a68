import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("conv", () => {
  // [input, positional, named, output shape, params, MACs]; figures worked by hand.
  const table: [number[], number[], Record<string, unknown>, number[], number, number][] = [
    [[3, 224, 224], [64], { k: 7, s: 2, p: 3, bias: false }, [64, 112, 112], 9408, 9408 * 112 * 112],
    [[64, 56, 56], [64], { k: 3, p: 1 }, [64, 56, 56], 36928, 36864 * 56 * 56],
    [[32, 10, 10], [32], { k: 3, p: 1, groups: 32 }, [32, 10, 10], 320, 32 * 9 * 100],
    [[8, 9, 9], [4], { k: 3, d: 2 }, [4, 5, 5], 4 * 8 * 9 + 4, 288 * 25],
    [[3, 7, 7], [2], { k: 3, s: 2, p: "same" }, [2, 4, 4], 56, 54 * 16],
    [[3, 8, 6], [5], { k: [3, 1], p: [1, 0] }, [5, 8, 6], 50, 45 * 48],
    [[6, 14, 14], [3], { k: 5, table: [[0, 1, 2], [1, 2, 3], [0, 5]] }, [3, 10, 10], 8 * 25 + 3, 8 * 25 * 100],
  ];
  it.each(table)("%j %j %j -> %j", (inp, pos, named, shape, params, macs) => {
    const r = applyOp("conv", [inp], pos, named as never);
    expect(r.shape).toEqual(shape);
    expect(r.paramCount).toBe(params);
    expect(r.cost.macs).toBe(macs);
  });

  it("names the rule when groups do not divide the channels", () => {
    expect(() => applyOp("conv", [[6, 8, 8]], [8], { k: 3, groups: 4 })).toThrow("input has 6 channels, groups=4 does not divide it");
  });
  it("refuses a negative kernel and an absurd channel count", () => {
    expect(() => applyOp("conv", [[3, 8, 8]], [8], { k: -3 })).toThrow("'kernel' must be at least 1, got -3");
    expect(() => applyOp("conv", [[3, 8, 8]], [1e12], { k: 3 })).toThrow("too large");
  });
  it("refuses a kernel larger than the padded input", () => {
    expect(() => applyOp("conv", [[3, 4, 4]], [8], { k: 7 })).toThrow("smaller than the 7×7");
  });
  it("maps the window for the receptive field", () => {
    expect(applyOp("conv", [[3, 32, 32]], [8], { k: 3, s: 2, p: 1, d: 2 }).spatial).toEqual({
      kind: "window", kernel: [3, 3], stride: [2, 2], pad: [1, 1], dilation: [2, 2],
    });
  });
});
