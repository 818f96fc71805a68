// relu6: its definition's facts, its float64 reference against TF.js's
// relu6 and its gradient (an independent implementation) and against
// PyTorch's convention at the kinks, its WGSL kernels (unfused, and fused
// as a conv's epilogue) against the reference, and its gradient through the
// whole pipeline against finite differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { lookupOp } from "../../ops/registry.js";
import { derivative, kernel } from "../../ops/relu6/reference.js";
import { useTfjsCpu, graphOf, expectGpuParity, expectFusesIntoConv, expectGradcheck, referenceOn, expectPointwiseFacts, gradcheckValuesOf, expectDerivativeCost } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Every piece (below 0, between, above 6), near both kinks but not on them. */
const xs = [-100, -5, -1, -0.01, 0.01, 1, 3, 5.99, 6.01, 10, 100];

const apply = (values: readonly number[]) =>
  referenceOn(kernel, values);

describe("relu6", () => {
  it("keeps the shape, counts 2 flops per element (2 for its derivative), owns no parameters, maps pixels to pixels and starts weights with He's std", () => {
    expectPointwiseFacts("relu6", 60);
    expectDerivativeCost("relu6", 2, 60);
    expect(lookupOp("relu6")!.heInit).toBe(true);
  });

  it("its float64 reference agrees with TF.js's relu6 and its gradient, and with the closed form", () => {
    const y = apply(xs);
    const tfY = tf.relu6(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expect(y[i]!).toBeCloseTo(tfY[i]!, 5));
    // The definition, min(max(x, 0), 6), is exact in float64.
    xs.forEach((v, i) => expect(y[i]!).toBe(Math.min(Math.max(v, 0), 6)));
    const dy = xs.map((_, i) => 0.5 + i / 10);
    const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu6(t), tf.tensor1d(dy, "float32"))))(tf.tensor1d(xs, "float32")).dataSync();
    // The gradient rule passes y, so the derivative is given y.
    xs.forEach((_, i) => expect(derivative(y[i]!, dy[i]!, {})).toBeCloseTo(tfGrad[i]!, 5));
  });

  it("at the kinks takes PyTorch's gradient: 0 at x = 0 and at x = 6 (hardtanh's backward), where TF.js passes dy at 6", () => {
    const [y0, y6] = apply([0, 6]);
    expect([y0, y6]).toEqual([0, 6]);
    expect(derivative(y0!, 2, {})).toBe(0);
    expect(derivative(y6!, 2, {})).toBe(0);
    // TF.js's mask is x ≤ 6 and x > 0: the convention differs at 6 only.
    const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.relu6(t)))(tf.tensor1d([0, 6], "float32")).dataSync();
    expect([...tfGrad]).toEqual([0, 1]);
  });

  it("its WGSL kernel matches the reference, forward and backward (unary_grad with relu6's derivative)", async () => {
    // x + x + x + x is 4x, exactly: normal inputs times 4 reach both clamps.
    const fwd = graphOf("network k {\ninput x: [5, 7, 3]\nh = x + x\noutput y = (h + h) |> relu6\n}\n");
    const f = await expectGpuParity(fwd, 3, 1e-5);
    const act = fwd.nodes.find((n) => n.op === "relu6")!.id;
    expect(f.ref.get(act)!.some((v) => v === 0)).toBe(true);
    expect(f.ref.get(act)!.some((v) => v === 6)).toBe(true);

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\nh = x + x\noutput y = (h + h) |> relu6 |> prelu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    const grads = tg.nodes.filter((n) => n.op === "unary_grad");
    expect(grads.map((n) => n.attrs.fn)).toEqual(["relu6"]);
    await expectGpuParity(tg, 3, 1e-4, { label: (name) => name });
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const code = expectFusesIntoConv("network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> relu6\n}\n", ["conv", "relu6"]);
    expect(code).toMatch(/min\(max\(.+, 0\.0\), 6\.0\)/);
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), on every piece and clear of the kinks", () => {
    const text = "network k {\ninput x: [3, 3, 3]\nh = x + x\noutput y = (h + h) |> conv(4, k=1) |> relu6\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training } = expectGradcheck(text);
    expect(opsOf(training)).toContain("unary_grad");
    // The conv's values in the check's own run (its weights and feeds, drawn
    // as reference/gradcheck.ts draws them): central differences of step
    // 1e-6 are valid only where no value is within reach of a kink, and the
    // check covers each piece only if values fall on each.
    const pre = gradcheckValuesOf(training, "conv");
    expect(Math.min(...pre.map((v) => Math.min(Math.abs(v), Math.abs(v - 6))))).toBeGreaterThan(1e-3);
    expect([pre.some((v) => v < 0), pre.some((v) => v > 0 && v < 6), pre.some((v) => v > 6)]).toEqual([true, true, true]);
  });
});
