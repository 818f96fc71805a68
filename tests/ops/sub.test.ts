// sub, a − b for two tensors of one shape (what `a - b` makes in the
// language): its definition's facts, its float64 reference against the
// closed form and TF.js's tf.sub (CPU backend), its WGSL kernel (unfused,
// and fused into a conv's epilogue) against the reference, and its gradient
// (dy for a, affine(dy, scale = −1) for b) through the whole pipeline
// against finite differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { OpError } from "../../ops/contract.js";
import { kernel } from "../../ops/sub/reference.js";
import { lookupOp } from "../../ops/registry.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, expectFusesIntoConv, expectGradcheck } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

describe("sub", () => {
  it("keeps the shape, counts one flop per element, owns no parameters, maps pixels to pixels and refuses unequal shapes", () => {
    const r = applyOp("sub", [[2, 3, 5], [2, 3, 5]]);
    expect(r.shape).toEqual([2, 3, 5]);
    expect(r.cost).toEqual({ macs: 0, flops: 30 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
    expect(lookupOp("sub")!.batched).toBe("if-any-input");
    expect(() => applyOp("sub", [[2, 3, 5], [2, 3]])).toThrow(OpError);
    expect(() => applyOp("sub", [[2, 3, 5], [2, 3, 4]])).toThrow("operand 2 has shape [2, 3, 4] but operand 1 has [2, 3, 5]");
  });

  it("its float64 reference agrees with the closed form and with TF.js's sub", () => {
    const a = [-100, -3, -0.5, 0, 0.25, 1, 7.5, 1e-8];
    const b = [3, -3, 0.25, -0, 0.25, -1, 100, 1e-8];
    const ctx = refContext([a.length]);
    const y = kernel([fromArray([a.length], a, "f64"), fromArray([b.length], b, "f64")], {}, {}, ctx).data;
    a.forEach((v, i) => expect(y[i]).toBe(v - b[i]!));
    const t = tf.sub(tf.tensor1d(a, "float32"), tf.tensor1d(b, "float32")).dataSync();
    a.forEach((_, i) => expect(y[i]!).toBeCloseTo(t[i]!, 4));
  });

  it("its WGSL kernel matches the reference, forward and in a training graph", async () => {
    const fwd = graphOf("network k {\ninput x: [5, 7, 3]\ninput z: [5, 7, 3]\noutput y = x - z\noutput d = x - x\n}\n");
    expect(fwd.nodes.filter((n) => n.op === "sub")).toHaveLength(2);
    const f = await expectGpuParity(fwd, 3, 1e-6);
    expect([...f.gpu.get(fwd.outputs[1]!.node)!].every((v) => v === 0)).toBe(true);

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\na = x |> prelu\nb = x |> conv(3, k=1)\noutput y = a - b\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tg.nodes.filter((n) => n.op === "affine").map((n) => n.attrs.scale)).toEqual([-1]);
    await expectGpuParity(tg, 3, 1e-4, { label: (name) => name });
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    expectFusesIntoConv("network k {\ninput x: [4, 6, 6]\noutput y = (x |> conv(4, k=3, p=1)) - x\n}\n", ["conv", "sub"]);
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), both operands and one tensor on both sides", () => {
    const text = "network k {\ninput x: [2, 3, 3]\nc = x |> conv(2, k=1)\nd = x |> conv(2, k=1)\noutput y = (c - d) - (d - c |> prelu)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training } = expectGradcheck(text);
    expect(opsOf(training)).toEqual(expect.arrayContaining(["sub", "affine"]));
  });
});
