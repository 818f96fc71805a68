import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../../core/ir/graph.js";
import { applyOp } from "../../helpers/ops.js";

describe("avgpool", () => {
  // [input, named, output shape, flops = kh·kw per output element].
  const table: [number[], Record<string, AttrValue>, number[], number][] = [
    [[6, 28, 28], { k: 2 }, [6, 14, 14], 4 * 6 * 196], // LeNet-5 S2
    [[192, 28, 28], { k: 3, s: 1, p: 1 }, [192, 28, 28], 9 * 192 * 784], // Inception pool branch
    [[1024, 7, 7], { k: 7, s: 1 }, [1024, 1, 1], 49 * 1024], // GoogLeNet head
    [[1, 5, 5], { k: 2, ceil: true }, [1, 3, 3], 4 * 9], // ceil(3/2) + 1
    [[1, 5, 5], { k: 2, p: 1, count_include_pad: false }, [1, 3, 3], 4 * 9],
  ];
  it.each(table)("%j %j -> %j", (inp, named, shape, flops) => {
    const r = applyOp("avgpool", [inp], [], named);
    expect(r.shape).toEqual(shape);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.paramCount).toBe(0);
  });
  it("has no dilation and refuses padding over half the kernel", () => {
    expect(() => applyOp("avgpool", [[1, 8, 8]], [], { k: 2, d: 2 })).toThrow("avgpool has no attribute 'd'");
    expect(() => applyOp("avgpool", [[1, 8, 8]], [], { k: 2, p: 2 })).toThrow("more than half the kernel");
  });
  it("maps the window for the receptive field", () => {
    expect(applyOp("avgpool", [[1, 8, 8]], [2]).spatial).toEqual({ kind: "window", kernel: [2, 2], stride: [2, 2], pad: [0, 0], dilation: [1, 1] });
  });
});
