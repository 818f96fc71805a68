import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../../../core/ir/graph.js";
import { conv } from "../../../../ops/conv/op.js";
import { convTranspose } from "../../../../ops/conv_transpose/op.js";
import { applyGrad, gradOp } from "./helper.js";

type Row = [number[], number[], AttrValue[], Record<string, AttrValue>, number[], number];

describe("conv_grad_input and conv_grad_weight", () => {
  // [x, dy, positional, named, weight shape, forward MACs]; worked by hand.
  const table: Row[] = [
    [[3, 224, 224], [64, 112, 112], [64], { k: 7, s: 2, p: 3, bias: false }, [64, 3, 7, 7], 9408 * 112 * 112],
    [[64, 56, 56], [64, 56, 56], [64], { k: 3, p: 1 }, [64, 64, 3, 3], 36864 * 56 * 56],
    [[32, 10, 10], [32, 10, 10], [32], { k: 3, p: 1, groups: 32 }, [32, 1, 3, 3], 32 * 9 * 100],
    [[3, 7, 7], [2, 4, 4], [2], { k: 3, s: 2, p: "same" }, [2, 3, 3, 3], 54 * 16],
    [[6, 14, 14], [3, 10, 10], [3], { k: 5, table: [[0, 1, 2], [1, 2, 3], [0, 5]] }, [8, 5, 5], 8 * 25 * 100],
  ];
  it.each(table)("input gradient of %j -> %j", (x, dy, pos, named, weight, macs) => {
    const r = applyGrad("conv_grad_input", [dy], pos, { ...named, in_shape: x });
    expect(r.shape).toEqual(x);
    expect(r.roles).toEqual([["weight", "weight", weight]]);
    expect(r.cost).toEqual({ macs, flops: 0 });
    expect(r.batched).toBe(true);
    expect(r.op.role).toBe("backward");
  });
  it.each(table)("weight gradient of %j -> %j", (x, dy, pos, named, weight, macs) => {
    const r = applyGrad("conv_grad_weight", [x, dy], pos, named);
    expect(r.shape).toEqual(weight);
    expect(r.params).toEqual([]);
    expect(r.cost).toEqual({ macs, flops: 0 });
    expect(r.batched).toBe(false);
    expect(r.op.role).toBe("backward");
  });

  it("copies every conv attribute, plus in_shape for the input gradient", () => {
    expect(gradOp("conv_grad_input").attrs).toEqual({ ...conv.attrs, in_shape: expect.objectContaining({ type: "ints" }) });
    expect(Object.keys(gradOp("conv_grad_input").attrs)).toEqual([...Object.keys(conv.attrs), "in_shape"]);
    // The weight gradient adds `splits`, its split-K chunk count (1: unsplit).
    expect(gradOp("conv_grad_weight").attrs).toEqual({ ...conv.attrs, splits: expect.objectContaining({ type: "int", default: 1 }) });
  });
  it("checks dy against the forward output", () => {
    expect(() => applyGrad("conv_grad_input", [[4, 5, 5]], [4], { k: 3, in_shape: [3, 8, 8] })).toThrow("dy has shape [4, 5, 5], but conv gives [4, 6, 6] for this input");
    expect(() => applyGrad("conv_grad_weight", [[3, 8, 8], [5, 6, 6]], [4], { k: 3 })).toThrow("dy has shape [5, 6, 6], but conv gives [4, 6, 6]");
  });
  it("checks the forward input is a feature map and the conv rules", () => {
    expect(() => applyGrad("conv_grad_input", [[4, 6, 6]], [4], { k: 3, in_shape: [8, 8] })).toThrow("in_shape has shape [8, 8], but this op needs a [channels, height, width] feature map");
    expect(() => applyGrad("conv_grad_weight", [[64], [4, 6, 6]], [4], { k: 3 })).toThrow("x has shape [64]");
    expect(() => applyGrad("conv_grad_weight", [[6, 8, 8], [8, 6, 6]], [8], { k: 3, groups: 4 })).toThrow("input has 6 channels, groups=4 does not divide it");
    expect(() => applyGrad("conv_grad_input", [[4, 6, 6]], [4], { k: 3 })).toThrow("needs attribute 'in_shape'");
  });
});

describe("conv_transpose_grad_input and conv_transpose_grad_weight", () => {
  // out = (in-1)s - 2p + d(k-1) + op + 1; MACs = in_c · out/groups · kh·kw · H_in·W_in.
  const table: Row[] = [
    [[64, 16, 16], [32, 32, 32], [32], { k: 4, s: 2, p: 1 }, [64, 32, 4, 4], 64 * 32 * 16 * 256],
    [[8, 5, 5], [4, 7, 7], [4], { k: 3, groups: 2, bias: false }, [8, 2, 3, 3], 8 * 2 * 9 * 25],
    [[16, 7, 7], [8, 14, 14], [8], { k: 3, s: 2, p: 1, output_padding: 1 }, [16, 8, 3, 3], 1152 * 49],
  ];
  it.each(table)("input gradient of %j -> %j", (x, dy, pos, named, weight, macs) => {
    const r = applyGrad("conv_transpose_grad_input", [dy], pos, { ...named, in_shape: x });
    expect(r.shape).toEqual(x);
    expect(r.roles).toEqual([["weight", "weight", weight]]);
    expect(r.cost).toEqual({ macs, flops: 0 });
    expect(r.batched).toBe(true);
  });
  it.each(table)("weight gradient of %j -> %j", (x, dy, pos, named, weight, macs) => {
    const r = applyGrad("conv_transpose_grad_weight", [x, dy], pos, named);
    expect(r.shape).toEqual(weight);
    expect(r.params).toEqual([]);
    expect(r.cost).toEqual({ macs, flops: 0 });
    expect(r.batched).toBe(false);
  });
  it("copies the conv_transpose attributes and checks dy", () => {
    expect(Object.keys(gradOp("conv_transpose_grad_input").attrs)).toEqual([...Object.keys(convTranspose.attrs), "in_shape"]);
    expect(gradOp("conv_transpose_grad_weight").attrs).toEqual(convTranspose.attrs);
    expect(() => applyGrad("conv_transpose_grad_weight", [[64, 16, 16], [32, 16, 16]], [32], { k: 4, s: 2, p: 1 })).toThrow("dy has shape [32, 16, 16], but conv_transpose gives [32, 32, 32]");
  });
});
