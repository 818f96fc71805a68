import { describe, expect, it } from "vitest";
import { applyOp } from "../../helpers/ops.js";

describe("adaptive_avgpool", () => {
  // [input, size, output shape, window kernel, window stride]; flops = input elements.
  const table: [number[], number | number[], number[], number[], number[]][] = [
    [[512, 7, 7], 7, [512, 7, 7], [1, 1], [1, 1]],
    [[512, 14, 14], 7, [512, 7, 7], [2, 2], [2, 2]],
    [[2048, 7, 7], 1, [2048, 1, 1], [7, 7], [7, 7]],
    // 13 -> 6 (torchvision AlexNet): windows of 3 at steps of 2 or 3; bound ceil(13/6)+1 = 4, step floor(13/6) = 2.
    [[256, 13, 13], 6, [256, 6, 6], [4, 4], [2, 2]],
    // H < oh: step floor(3/6) = 0 is kept at 1; W divides exactly.
    [[8, 3, 5], [6, 5], [8, 6, 5], [2, 1], [1, 1]],
  ];
  it.each(table)("%j %j -> %j", (inp, size, shape, kernel, stride) => {
    const r = applyOp("adaptive_avgpool", [inp], [size]);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops: inp[0]! * inp[1]! * inp[2]! });
    expect(r.spatial).toEqual({ kind: "window", kernel, stride, pad: [0, 0], dilation: [1, 1] });
  });
  it("needs a size of at least 1 and a feature map", () => {
    expect(() => applyOp("adaptive_avgpool", [[4, 4, 4]], [0])).toThrow("'size' must be at least 1");
    expect(() => applyOp("adaptive_avgpool", [[4]], [1])).toThrow("[channels, height, width]");
  });
});
