import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../../core/ir/graph.js";
import { applyOp } from "../../helpers/ops.js";

describe("conv_transpose", () => {
  // [input, positional, named, output shape, params, MACs]; out = (in-1)s - 2p + d(k-1) + op + 1,
  // MACs = in_c · out/groups · kh·kw · H_in·W_in, worked by hand.
  const table: [number[], AttrValue[], Record<string, AttrValue>, number[], number, number][] = [
    // DCGAN generator: 1×1 noise to 4×4, then doubling.
    [[100, 1, 1], [512], { k: 4 }, [512, 4, 4], 100 * 512 * 16 + 512, 819200],
    [[512, 4, 4], [256], { k: 4, s: 2, p: 1 }, [256, 8, 8], 512 * 256 * 16 + 256, 2097152 * 16],
    [[16, 7, 7], [8], { k: 3, s: 2, p: 1, output_padding: 1 }, [8, 14, 14], 16 * 8 * 9 + 8, 1152 * 49],
    [[8, 5, 5], [4], { k: 2, s: 2, groups: 2, bias: false }, [4, 10, 10], 8 * 2 * 4, 64 * 25],
    [[2, 3, 3], [1], { k: 3, d: 2 }, [1, 7, 7], 19, 18 * 9],
    [[4, 6, 5], [2], { k: [3, 1], s: [2, 1] }, [2, 13, 5], 26, 24 * 30],
    // output_padding below the dilation is allowed even with stride 1.
    [[1, 3, 3], [1], { k: 3, d: 2, output_padding: 1 }, [1, 8, 8], 10, 9 * 9],
  ];
  it.each(table)("%j %j %j -> %j", (inp, pos, named, shape, params, macs) => {
    const r = applyOp("conv_transpose", [inp], pos, named);
    expect(r.shape).toEqual(shape);
    expect(r.paramCount).toBe(params);
    expect(r.cost.macs).toBe(macs);
  });

  it("uses PyTorch's weight layout [in, out/groups, kh, kw] and counts bias adds", () => {
    const r = applyOp("deconv", [[100, 1, 1]], [512], { k: 4 });
    expect(r.params.map((p) => p.shape)).toEqual([[100, 512, 4, 4], [512]]);
    expect(r.cost.flops).toBe(512 * 16);
    expect(applyOp("conv_transpose2d", [[8, 5, 5]], [4], { k: 2, bias: false }).cost.flops).toBe(0);
  });
  it("names the rule when groups do not divide the channels", () => {
    expect(() => applyOp("conv_transpose", [[6, 4, 4]], [8], { k: 3, groups: 4 })).toThrow("input has 6 channels, groups=4 does not divide it");
    expect(() => applyOp("conv_transpose", [[8, 4, 4]], [6], { k: 3, groups: 4 })).toThrow("6 output channels, groups=4 does not divide them");
  });
  it("refuses output_padding not below the stride or the dilation", () => {
    expect(() => applyOp("conv_transpose", [[4, 4, 4]], [4], { k: 3, s: 2, output_padding: 2 })).toThrow(
      "output_padding [2, 2] must be smaller than the stride [2, 2] or the dilation [1, 1]",
    );
  });
  it("refuses padding that leaves no output", () => {
    expect(() => applyOp("conv_transpose", [[1, 1, 1]], [1], { k: 1, p: 1 })).toThrow("gives an output of -1×-1");
  });
  it("maps an upsampling for the receptive field", () => {
    expect(applyOp("conv_transpose", [[8, 4, 4]], [4], { k: 4, s: 2, p: 1 }).spatial).toEqual({ kind: "upsample", factor: [2, 2], kernel: [2, 2], pad: [1, 1] });
    // Dilated kernel of effective size 5 at stride 1 reaches 5 inputs; k=3 at stride 2 reaches ceil(3/2) = 2.
    expect(applyOp("conv_transpose", [[8, 4, 4]], [4], { k: 3, d: 2 }).spatial).toEqual({ kind: "upsample", factor: [1, 1], kernel: [5, 5], pad: [0, 0] });
    expect(applyOp("conv_transpose", [[8, 4, 4]], [4], { k: 3, s: 2 }).spatial).toMatchObject({ kernel: [2, 2] });
  });
});
