// mish, x·tanh(softplus(x)): its definition's facts, its float64 reference
// against TF.js's composition x·tanh(softplus(x)) and its gradient (an
// independent implementation), against the closed form and against finite
// differences, its WGSL kernels (unfused, over a wide range of inputs, in a
// training graph, and fused as a conv's epilogue) against the reference, and
// its gradient through the whole pipeline against finite differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { derivative, kernel } from "../../ops/mish/reference.js";
import { useTfjsCpu, expectFusesIntoConv, expectGradcheck, referenceOn, expectPointwiseFacts, runScaledActivation, expectUnaryKernelParity, expectNear } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Both sides of 0 out to ±100, where eˣ of a naive log(1 + eˣ) overflows float32 (at x ≈ 88.7). */
const xs = [-100, -40, -20, -5, -1, -0.1, 0, 0.1, 1, 5, 20, 40, 100];

/** The float64 reference on xs. */
function reference(values: readonly number[]): Float64Array | Float32Array {
  return referenceOn(kernel, values);
}

describe("mish", () => {
  it("keeps the shape, counts 9 flops per element, owns no parameters and maps pixels to pixels", () => {
    expectPointwiseFacts("mish", 270);
  });

  it("its float64 reference agrees with TF.js's x·tanh(softplus(x)) and its gradient", () => {
    const y = reference(xs);
    const mish = (t: tf.Tensor) => tf.mul(t, tf.tanh(tf.softplus(t)));
    const tfY = mish(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expectNear(y[i]!, tfY[i]!, 1e-6, `mish(${v})`));
    const dy = xs.map((_, i) => 0.5 + i / 10);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(mish(t), tf.tensor1d(dy, "float32")));
    const tfGrad = tf.grad(f)(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expectNear(derivative(v, dy[i]!, {}), tfGrad[i]!, 1e-6, `mish'(${v})`));
  });

  it("its float64 reference matches the closed form, and its derivative finite differences", () => {
    const y = reference(xs);
    // tanh(log(1 + eˣ)) = (u² − 1) / (u² + 1) with u = 1 + eˣ: exact enough in float64 where |x| ≤ 20.
    for (const v of xs.filter((v) => Math.abs(v) <= 20)) {
      const u = 1 + Math.exp(v);
      expect(y[xs.indexOf(v)]!).toBeCloseTo((v * (u * u - 1)) / (u * u + 1), 12);
    }
    // Far right mish is x itself; far left it is x·eˣ (tanh(softplus(x)) ≈ eˣ), not 0.
    expect(y[xs.indexOf(100)]!).toBe(100);
    expect(y[xs.indexOf(-100)]! / (-100 * Math.exp(-100))).toBeCloseTo(1, 12);
    // Known values: mish(0) = 0, mish'(0) = tanh(log 2) = 3/5; the minimum, ≈ −0.30884, is at x ≈ −1.19243.
    expect(y[xs.indexOf(0)]!).toBe(0);
    expect(derivative(0, 1, {})).toBeCloseTo(0.6, 15);
    expect(Math.abs(derivative(-1.1924312145154956, 1, {}))).toBeLessThan(1e-14);
    expect(reference([-1.1924312145154956])[0]!).toBeCloseTo(-0.30884341301725, 12);
    // Far out the derivative is 1 on the right and x·eˣ-small on the left, not NaN.
    expect(derivative(100, 1, {})).toBe(1);
    expect(derivative(1000, 1, {})).toBe(1);
    expect(derivative(-100, 1, {}) / (-99 * Math.exp(-100))).toBeCloseTo(1, 10);
    // dy scales the derivative linearly.
    expect(derivative(0.7, 3, {})).toBeCloseTo(3 * derivative(0.7, 1, {}), 14);
    // Central differences of the reference kernel, h = 1e-5 (error O(h²)).
    const h = 1e-5;
    for (const v of [-30, -8, -3, -1.5, -0.4, 0.3, 1.2, 2.5, 7, 30]) {
      const [lo, hi] = reference([v - h, v + h]);
      expect(Math.abs(derivative(v, 1, {}) - (hi! - lo!) / (2 * h)), `x = ${v}`).toBeLessThan(1e-8);
    }
  });

  it("its WGSL kernel matches the reference, forward and backward (unary_grad with mish's derivative)", async () => {
    await expectUnaryKernelParity("mish", 1e-5);
  });

  it("its WGSL kernel stays finite and matches the reference element for element on inputs out to about ±150", async () => {
    // Channels scaled by 1, 8, 30 and 60 (scale's weight) spread normal feeds over the range where a naive softplus overflows and tanh's argument needs its cap.
    const { gpu, ref } = await runScaledActivation("mish", "mish", [1, 8, 30, 60]);
    expect(Math.max(...Array.from(ref, Math.abs))).toBeGreaterThan(90);
    gpu.forEach((v, i) => {
      expect(Number.isFinite(v), `element ${i}`).toBe(true);
      expectNear(v, ref[i]!, 1e-5, `element ${i}`);
    });
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const code = expectFusesIntoConv("network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> mish\n}\n", ["conv", "mish"]);
    expect(code).toContain("log1p_");
    expect(code).toContain("tanh(");
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64)", () => {
    const text = "network k {\ninput x: [2, 3, 3]\noutput y = x |> conv(2, k=1) |> mish\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training } = expectGradcheck(text);
    expect(opsOf(training)).toContain("unary_grad");
    expect(training.graph.nodes.filter((n) => n.op === "unary_grad").map((n) => n.attrs.fn)).toEqual(["mish"]);
  });
});
