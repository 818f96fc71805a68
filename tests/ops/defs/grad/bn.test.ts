import { describe, expect, it } from "vitest";
import { bn } from "../../../../ops/bn/op.js";
import { applyGrad, gradOp } from "./helper.js";

describe("bn_grad_input", () => {
  const x = [64, 56, 56];
  const n = 64 * 56 * 56;
  // [named, roles read, flops per element]
  const table: [Record<string, boolean>, [string, string, number[]][], number][] = [
    [{ training: true }, [["weight", "weight", [64]]], 12],
    [{}, [["weight", "weight", [64]], ["running_var", "buffer", [64]]], 1],
    [{ training: true, affine: false }, [], 12],
    [{ affine: false }, [["running_var", "buffer", [64]]], 1],
  ];
  it.each(table)("%j reads %j", (named, roles, perElement) => {
    const r = applyGrad("bn_grad_input", [x, x], [], named);
    expect(r.shape).toEqual(x);
    expect(r.roles).toEqual(roles);
    expect(r.cost).toEqual({ macs: 0, flops: perElement * n });
    expect(r.batched).toBe(true);
  });
  it("copies bn's eps, training (default false, as bn) and affine, and checks shapes", () => {
    expect(applyGrad("bn_grad_input", [[4], [4]]).attrs).toEqual({ eps: 1e-5, training: false, affine: true });
    expect(gradOp("bn_grad_input").attrs).toEqual({ eps: bn.attrs.eps, training: bn.attrs.training, affine: bn.attrs.affine });
    expect(() => applyGrad("bn_grad_input", [[4, 5], [4, 6]])).toThrow("x has shape [4, 5] but dy has shape [4, 6]; they must match");
    expect(() => applyGrad("bn_grad_input", [[], []])).toThrow("batch norm needs a channel axis");
    expect(() => applyGrad("bn_grad_input", [[4], [4]], [0])).toThrow("'eps' must be greater than 0");
  });
});

describe("bn_grad_weight", () => {
  it("sums over batch and spatial per channel, reading running statistics only in eval", () => {
    const t = applyGrad("bn_grad_weight", [[64, 8, 8], [64, 8, 8]], [], { training: true });
    expect(t.shape).toEqual([64]);
    expect(t.batched).toBe(false);
    expect(t.params).toEqual([]);
    expect(t.cost).toEqual({ macs: 0, flops: 7 * 4096 });
    const e = applyGrad("bn_grad_weight", [[64, 8, 8], [64, 8, 8]]);
    expect(e.roles).toEqual([["running_mean", "buffer", [64]], ["running_var", "buffer", [64]]]);
    expect(e.cost).toEqual({ macs: 0, flops: 4 * 4096 });
  });
  it("takes the same attributes as bn_grad_input, and checks shapes", () => {
    expect(gradOp("bn_grad_weight").attrs).toEqual(gradOp("bn_grad_input").attrs);
    expect(() => applyGrad("bn_grad_weight", [[64, 8, 8], [64, 4, 4]])).toThrow("x has shape [64, 8, 8] but dy has shape [64, 4, 4]");
    expect(() => applyGrad("bn_grad_weight", [[], []])).toThrow("batch norm needs a channel axis");
  });
});
