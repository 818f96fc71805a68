import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../../core/ir/graph.js";
import { applyOp } from "../../helpers/ops.js";

describe("maxpool", () => {
  // [input, named, output shape]; out = floor((n + 2p - d(k-1) - 1)/s) + 1 (ceil in ceil mode).
  const table: [number[], Record<string, AttrValue>, number[]][] = [
    [[64, 112, 112], { k: 3, s: 2, p: 1 }, [64, 56, 56]], // ResNet stem
    [[96, 55, 55], { k: 3, s: 2 }, [96, 27, 27]], // AlexNet
    [[64, 112, 112], { k: 3, s: 2 }, [64, 55, 55]],
    [[64, 112, 112], { k: 3, s: 2, ceil: true }, [64, 56, 56]], // GoogLeNet: ceil(109/2) + 1
    [[16, 10, 10], { k: 2 }, [16, 5, 5]], // stride defaults to the kernel
    [[16, 10, 10], { k: 2, s: null }, [16, 5, 5]],
    // Ceil mode would give 3, but the third window would start in the right padding.
    [[1, 5, 5], { k: 3, s: 3, p: 1, ceil: true }, [1, 2, 2]],
    [[1, 10, 10], { k: 3, d: 2, s: 1 }, [1, 6, 6]],
    [[2, 9, 7], { k: [3, 2] }, [2, 3, 3]],
  ];
  it.each(table)("%j %j -> %j", (inp, named, shape) => {
    const r = applyOp("maxpool", [inp], [], named);
    expect(r.shape).toEqual(shape);
    expect(r.paramCount).toBe(0);
  });
  it("counts one comparison per window tap", () => {
    expect(applyOp("maxpool", [[64, 112, 112]], [], { k: 3, s: 2, p: 1 }).cost).toEqual({ macs: 0, flops: 9 * 64 * 56 * 56 });
    expect(applyOp("maxpool", [[16, 10, 10]], [2]).cost.flops).toBe(4 * 16 * 25);
  });
  it("refuses padding over half the kernel, as PyTorch does", () => {
    expect(() => applyOp("maxpool", [[1, 8, 8]], [], { k: 3, p: 2 })).toThrow("padding [2, 2] is more than half the kernel [3, 3]");
  });
  it("refuses a window larger than the padded input", () => {
    expect(() => applyOp("maxpool", [[1, 2, 2]], [3])).toThrow("smaller than the 3×3 window");
  });
  it("maps the window for the receptive field", () => {
    expect(applyOp("maxpool", [[1, 8, 8]], [], { k: 3, s: 2, p: 1 }).spatial).toEqual({ kind: "window", kernel: [3, 3], stride: [2, 2], pad: [1, 1], dilation: [1, 1] });
    expect(applyOp("maxpool", [[1, 8, 8]], [2]).spatial).toMatchObject({ stride: [2, 2] });
  });
});
