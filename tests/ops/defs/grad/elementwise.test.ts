import { describe, expect, it } from "vitest";
import { applyGrad } from "./helper.js";

describe("unary_grad", () => {
  // [fn, alpha, flops per element]
  const table: [string, number | null, number][] = [
    ["relu", null, 1],
    ["leaky_relu", 0.1, 2],
    ["elu", 1, 4],
    ["sigmoid", null, 3],
    ["tanh", null, 3],
  ];
  it.each(table)("%s", (fn, alpha, perElement) => {
    const r = applyGrad("unary_grad", [[4, 8, 8], [4, 8, 8]], [fn, alpha]);
    expect(r.shape).toEqual([4, 8, 8]);
    expect(r.params).toEqual([]);
    expect(r.cost).toEqual({ macs: 0, flops: perElement * 256 });
    expect(r.batched).toBe(true);
  });
  it("needs alpha for leaky_relu and elu, a known fn and matching shapes", () => {
    expect(() => applyGrad("unary_grad", [[4], [4]], ["elu"])).toThrow("the gradient of elu needs the forward alpha");
    expect(() => applyGrad("unary_grad", [[4], [4]], ["no_such_activation"])).toThrow("'fn' must be one of");
    expect(() => applyGrad("unary_grad", [[4], [5]], ["relu"])).toThrow("v has shape [4] but dy has shape [5]");
  });
});

describe("prelu_grad_input and prelu_grad_weight", () => {
  it.each([
    [false, [1]],
    [true, [64]],
  ] as const)("per_channel=%s reads and produces slopes of shape %j", (perChannel, slopes) => {
    const x = [64, 8, 8];
    const gi = applyGrad("prelu_grad_input", [x, x], [perChannel]);
    expect(gi.shape).toEqual(x);
    expect(gi.roles).toEqual([["weight", "weight", slopes]]);
    expect(gi.cost).toEqual({ macs: 0, flops: 2 * 4096 });
    expect(gi.batched).toBe(true);
    const gw = applyGrad("prelu_grad_weight", [x, x], [perChannel]);
    expect(gw.shape).toEqual(slopes);
    expect(gw.params).toEqual([]);
    expect(gw.cost).toEqual({ macs: 0, flops: 3 * 4096 });
    expect(gw.batched).toBe(false);
  });
  it("needs a channel axis for per-channel slopes", () => {
    expect(() => applyGrad("prelu_grad_weight", [[], []], [true])).toThrow("a per-channel slope needs a channel axis");
    expect(() => applyGrad("prelu_grad_input", [[3], [4]])).toThrow("x has shape [3] but dy has shape [4]");
  });
});

describe("softmax_grad", () => {
  it.each([
    [[10], 0, 40],
    [[5, 4], 1, 80],
  ])("y %j along axis %i", (y, axis, flops) => {
    const r = applyGrad("softmax_grad", [y, y], [axis]);
    expect(r.shape).toEqual(y);
    expect(r.cost).toEqual({ macs: 0, flops });
  });
  it("checks the axis and shapes", () => {
    expect(() => applyGrad("softmax_grad", [[5, 4], [5, 4]], [2])).toThrow("axis 2 is out of range for y of shape [5, 4]");
    expect(() => applyGrad("softmax_grad", [[5], [4]])).toThrow("y has shape [5] but dy has shape [4]");
  });
});

describe("reduce_axis", () => {
  it.each([
    [[64, 56, 56], 0, [64], 64 * 3136],
    [[7, 32], 1, [32], 224],
    [[10], 0, [10], 10],
  ])("dy %j over all but axis %i -> %j", (dy, axis, shape, flops) => {
    const r = applyGrad("reduce_axis", [dy], [axis]);
    expect(r.shape).toEqual(shape);
    expect(r.batched).toBe(false);
    expect(r.cost).toEqual({ macs: 0, flops });
  });
  it("checks the axis", () => {
    expect(() => applyGrad("reduce_axis", [[4, 5, 6]], [3])).toThrow("axis 3 is out of range for dy of shape [4, 5, 6]");
    expect(() => applyGrad("reduce_axis", [[4]])).toThrow("needs attribute 'axis'");
  });
});

describe("sum_to", () => {
  it.each([
    [[64, 8, 8], [64], 4096],
    [[64, 8, 8], [64, 1, 1], 4096],
    [[64, 8, 8], [1, 8, 8], 4096],
    [[64, 8, 8], [64, 8, 8], 4096],
    [[64, 8, 8], [], 4096],
  ])("dy %j down to %j", (dy, shape, flops) => {
    const r = applyGrad("sum_to", [dy], [shape]);
    expect(r.shape).toEqual(shape);
    expect(r.batched).toBe(true);
    expect(r.cost).toEqual({ macs: 0, flops });
  });
  it("refuses a shape that does not broadcast to dy", () => {
    expect(() => applyGrad("sum_to", [[64, 8, 8]], [[32]])).toThrow("axis 0 is 32, not 64 or 1");
    expect(() => applyGrad("sum_to", [[64, 8]], [[64, 8, 1]])).toThrow("shape [64, 8, 1] has more axes than dy [64, 8]");
  });
});

describe("slice_grad", () => {
  it.each([
    [[32, 8, 8], 0, 32, 0, [64, 8, 8]],
    [[4, 6, 3], 2, 5, 2, [4, 6, 6]],
  ])("dy %j at [%i, %i) of axis %i -> %j", (dy, start, end, axis, x) => {
    const r = applyGrad("slice_grad", [dy], [start, end, axis, x]);
    expect(r.shape).toEqual(x);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.batched).toBe(true);
  });
  it("checks dy against the slice", () => {
    expect(() => applyGrad("slice_grad", [[16, 8, 8]], [0, 32], { in_shape: [64, 8, 8] })).toThrow("dy has shape [16, 8, 8], but slice gives [32, 8, 8]");
    expect(() => applyGrad("slice_grad", [[16, 8, 8]], [0, 80], { in_shape: [64, 8, 8] })).toThrow("end 80 is past axis 0");
  });
});

describe("scale_grad_weight and channel_scale", () => {
  it("sum dy·x per channel, and scale dy by the forward weight", () => {
    const x = [6, 14, 14];
    const gw = applyGrad("scale_grad_weight", [x, x]);
    expect(gw.shape).toEqual([6]);
    expect(gw.batched).toBe(false);
    expect(gw.params).toEqual([]);
    expect(gw.cost).toEqual({ macs: 0, flops: 2 * 1176 });
    const gi = applyGrad("channel_scale", [x]);
    expect(gi.shape).toEqual(x);
    expect(gi.batched).toBe(true);
    expect(gi.roles).toEqual([["weight", "weight", [6]]]);
    expect(gi.cost).toEqual({ macs: 0, flops: 1176 });
  });
  it("need a channel axis and matching shapes", () => {
    expect(() => applyGrad("channel_scale", [[]])).toThrow("dy has shape [], but a per-channel scale needs a channel axis");
    expect(() => applyGrad("scale_grad_weight", [[6, 2], [6, 3]])).toThrow("x has shape [6, 2] but dy has shape [6, 3]");
  });
});

describe("dropout_mask", () => {
  it("is batched, of x's shape, with the dropout rate and a seed", () => {
    const r = applyGrad("dropout_mask", [[128]], [0.3]);
    expect(r.shape).toEqual([128]);
    expect(r.attrs).toEqual({ rate: 0.3, seed: 0 });
    expect(r.batched).toBe(true);
    expect(r.op.role).toBe("backward");
    expect(r.cost).toEqual({ macs: 0, flops: 128 });
  });
  it("refuses a rate of 1", () => {
    expect(() => applyGrad("dropout_mask", [[128]], [1])).toThrow("rate 1 would drop every element");
  });
});
