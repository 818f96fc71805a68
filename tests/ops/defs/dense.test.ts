import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../../core/ir/graph.js";
import { applyOp } from "../../helpers/ops.js";

describe("dense", () => {
  // [name, input, positional, named, output shape, params, MACs, flops]; worked by hand.
  const table: [string, number[], AttrValue[], Record<string, AttrValue>, number[], number, number, number][] = [
    ["dense", [9216], [4096], {}, [4096], 9216 * 4096 + 4096, 37748736, 4096], // AlexNet fc6
    ["linear", [400], [120], {}, [120], 48120, 48000, 120], // LeNet-5 C5 as a dense layer
    ["fc", [120], [84], { bias: false }, [84], 10080, 10080, 0],
    // Leading axes act as a batch: 10 rows of 32 features.
    ["dense", [10, 32], [16], {}, [10, 16], 32 * 16 + 16, 32 * 16 * 10, 160],
  ];
  it.each(table)("%s %j %j %j -> %j", (name, inp, pos, named, shape, params, macs, flops) => {
    const r = applyOp(name, [inp], pos, named);
    expect(r.shape).toEqual(shape);
    expect(r.paramCount).toBe(params);
    expect(r.cost).toEqual({ macs, flops });
    expect(r.spatial).toEqual({ kind: "global" });
  });
  it("uses PyTorch's weight layout [out, in]", () => {
    expect(applyOp("dense", [[400]], [120]).params.map((p) => p.shape)).toEqual([[120, 400], [120]]);
  });
  it("refuses a scalar input and a zero width", () => {
    expect(() => applyOp("dense", [[]], [4])).toThrow("dense needs at least one axis");
    expect(() => applyOp("dense", [[4]], [0])).toThrow("'out' must be at least 1");
  });
});
