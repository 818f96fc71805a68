import { describe, expect, it } from "vitest";
import { applyGrad } from "./helper.js";

describe("maxpool_grad", () => {
  // [x, dy, named, flops = (kh·kw + 1) per dy element]
  it.each([
    [[64, 112, 112], [64, 56, 56], { k: 3, s: 2, p: 1 }, 10 * 64 * 3136],
    [[3, 7, 7], [3, 4, 4], { k: 2, ceil: true }, 5 * 48],
  ])("x %j, dy %j", (x, dy, named, flops) => {
    const r = applyGrad("maxpool_grad", [x, dy], [], named);
    expect(r.shape).toEqual(x);
    expect(r.cost).toEqual({ macs: 0, flops });
    expect(r.batched).toBe(true);
  });
  it("checks dy against the pooling", () => {
    expect(() => applyGrad("maxpool_grad", [[64, 112, 112], [64, 55, 55]], [], { k: 3, s: 2, p: 1 })).toThrow("dy has shape [64, 55, 55], but maxpool gives [64, 56, 56]");
  });
});

describe("avgpool_grad", () => {
  it.each([
    [[16, 8, 8], [16, 4, 4], { k: 2 }, 4 * 256],
    [[4, 5, 5], [4, 5, 5], { k: 3, s: 1, p: 1, count_include_pad: false }, 9 * 100],
  ])("in_shape %j, dy %j", (x, dy, named, flops) => {
    const r = applyGrad("avgpool_grad", [dy], [], { ...named, in_shape: x });
    expect(r.shape).toEqual(x);
    expect(r.cost).toEqual({ macs: 0, flops });
  });
  it("checks dy", () => {
    expect(() => applyGrad("avgpool_grad", [[16, 3, 3]], [2], { in_shape: [16, 8, 8] })).toThrow("but avgpool gives [16, 4, 4]");
  });
});

describe("adaptive_avgpool_grad and gap_grad", () => {
  it("spread dy back over the input", () => {
    const a = applyGrad("adaptive_avgpool_grad", [[512, 1, 1]], [1, [512, 7, 7]]);
    expect(a.shape).toEqual([512, 7, 7]);
    expect(a.cost).toEqual({ macs: 0, flops: 25088 });
    expect(applyGrad("adaptive_avgpool_grad", [[8, 3, 4]], [[3, 4], [8, 10, 10]]).shape).toEqual([8, 10, 10]);
    const g = applyGrad("gap_grad", [[512]], [[512, 7, 7]]);
    expect(g.shape).toEqual([512, 7, 7]);
    expect(g.cost).toEqual({ macs: 0, flops: 25088 });
  });
  it("check dy", () => {
    expect(() => applyGrad("adaptive_avgpool_grad", [[8, 3, 3]], [[3, 4], [8, 10, 10]])).toThrow("dy has shape [8, 3, 3], but adaptive_avgpool gives [8, 3, 4]");
    expect(() => applyGrad("gap_grad", [[256]], [[512, 7, 7]])).toThrow("dy has shape [256], but gap gives [512]");
    expect(() => applyGrad("gap_grad", [[512]], [[512]])).toThrow("in_shape has shape [512]");
  });
});

describe("gmp_grad", () => {
  it("routes dy to the maximum of each channel", () => {
    const r = applyGrad("gmp_grad", [[512, 7, 7], [512]]);
    expect(r.shape).toEqual([512, 7, 7]);
    expect(r.cost).toEqual({ macs: 0, flops: 25088 });
    expect(() => applyGrad("gmp_grad", [[512, 7, 7], [7]])).toThrow("dy has shape [7], but gmp gives [512]");
  });
});

describe("lrn_grad", () => {
  it("counts 3·size + 10 flops per element", () => {
    const r = applyGrad("lrn_grad", [[96, 55, 55], [96, 55, 55]]);
    expect(r.attrs).toEqual({ size: 5, alpha: 1e-4, beta: 0.75, k: 2 });
    expect(r.shape).toEqual([96, 55, 55]);
    expect(r.cost).toEqual({ macs: 0, flops: 25 * 96 * 3025 });
  });
  it("needs a feature map and matching shapes", () => {
    expect(() => applyGrad("lrn_grad", [[96], [96]])).toThrow("x has shape [96], but this op needs a [channels, height, width] feature map");
    expect(() => applyGrad("lrn_grad", [[96, 5, 5], [96, 5, 4]])).toThrow("x has shape [96, 5, 5] but dy has shape [96, 5, 4]");
  });
});

describe("upsample_grad", () => {
  it.each([
    [[16, 8, 8], [16, 16, 16], {}, 4096],
    [[16, 8, 8], [16, 16, 16], { mode: "bilinear" }, 8 * 4096],
    [[4, 5, 5], [4, 15, 10], { scale: [3, 2] }, 600],
  ])("in_shape %j, dy %j, %j", (x, dy, named, flops) => {
    const r = applyGrad("upsample_grad", [dy], [], { ...named, in_shape: x });
    expect(r.shape).toEqual(x);
    expect(r.cost).toEqual({ macs: 0, flops });
  });
  it("checks dy", () => {
    expect(() => applyGrad("upsample_grad", [[16, 16, 8]], [], { in_shape: [16, 8, 8] })).toThrow("dy has shape [16, 16, 8], but upsample gives [16, 16, 16]");
  });
});
