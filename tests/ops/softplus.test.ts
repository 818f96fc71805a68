// softplus, the worked example of docs/contributing.md: its definition's
// facts, its float64 reference against TF.js (an independent
// implementation), its WGSL kernels (unfused, and fused as a conv's
// epilogue) against the reference, and its gradient through the whole
// pipeline against finite differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { derivative, kernel } from "../../ops/softplus/reference.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { useTfjsCpu, refContext, expectFusesIntoConv, expectGradcheck, expectPointwiseFacts, expectUnaryKernelParity } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Both sides of 0 out to ±100, where a naive log(1 + eˣ) overflows float32 (eˣ passes 3.4e38 at x ≈ 88.7). */
const xs = [-100, -40, -20, -5, -1, -0.1, 0, 0.1, 1, 5, 20, 40, 100];

describe("softplus", () => {
  it("keeps the shape, counts 6 flops per element, owns no parameters and maps pixels to pixels", () => {
    expectPointwiseFacts("softplus", 180);
  });

  it("its float64 reference agrees with TF.js's softplus and its gradient", () => {
    const x = fromArray([xs.length], xs, "f64");
    const y = kernel([x], {}, {}, refContext([xs.length]));
    const tfY = tf.softplus(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expect(y.data[i]!).toBeCloseTo(tfY[i]!, 5));
    // Where log(1 + eˣ) is exact in float64 the reference must match it closely.
    xs.filter((v) => Math.abs(v) <= 20).forEach((v) => expect(y.data[xs.indexOf(v)]!).toBeCloseTo(Math.log(1 + Math.exp(v)), 12));
    // Far right softplus is x itself; far left it is eˣ, not 0.
    expect(y.data[xs.indexOf(100)]!).toBe(100);
    expect(y.data[xs.indexOf(-100)]! / Math.exp(-100)).toBeCloseTo(1, 12);
    const dy = xs.map((_, i) => 0.5 + i / 10);
    const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softplus(t), tf.tensor1d(dy, "float32"))))(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expect(derivative(v, dy[i]!, {})).toBeCloseTo(tfGrad[i]!, 5));
  });

  it("its WGSL kernel matches the reference, forward and backward (unary_grad with softplus's derivative)", async () => {
    await expectUnaryKernelParity("softplus", 1e-5);
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const code = expectFusesIntoConv("network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> softplus\n}\n", ["conv", "softplus"]);
    expect(code).toContain("log1p_");
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64)", () => {
    const text = "network k {\ninput x: [2, 3, 3]\noutput y = x |> conv(2, k=1) |> softplus\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training } = expectGradcheck(text);
    expect(opsOf(training)).toContain("unary_grad");
  });
});
