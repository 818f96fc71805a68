// hardsigmoid: its definition's facts, its float64 reference against the
// closed form relu6(x + 3)/6 written here and against TF.js (which has no
// hardsigmoid: the same composition of its relu6, and that composition's
// gradient), with PyTorch's convention at the kinks, its WGSL kernels
// (unfused, and fused as a conv's epilogue) against the reference, and its
// gradient through the whole pipeline against finite differences.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { lookupOp } from "../../ops/registry.js";
import { derivative, kernel } from "../../ops/hardsigmoid/reference.js";
import { useTfjsCpu, graphOf, expectGpuParity, expectFusesIntoConv, expectGradcheck, referenceOn, expectPointwiseFacts, gradcheckValuesOf, expectDerivativeCost } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Every piece (below −3, between, above 3), near both kinks but not on them. */
const xs = [-100, -10, -3.01, -2.99, -1, -0.1, 0, 0.1, 1, 2.99, 3.01, 10, 100];

/** The definition, written here: relu6(x + 3) / 6. */
const closedForm = (v: number) => Math.min(Math.max(v + 3, 0), 6) / 6;
/** Its slope: 1/6 strictly inside (−3, 3), 0 outside. */
const closedSlope = (v: number) => (v > -3 && v < 3 ? 1 / 6 : 0);
/** The same composition in TF.js. */
const tfHardsigmoid = (t: tf.Tensor) => tf.div(tf.relu6(tf.add(t, 3)), 6);

const apply = (values: readonly number[]) =>
  referenceOn(kernel, values);

describe("hardsigmoid", () => {
  it("keeps the shape, counts 4 flops per element (3 for its derivative), owns no parameters, maps pixels to pixels and is not ReLU-family", () => {
    expectPointwiseFacts("hardsigmoid", 120);
    expectDerivativeCost("hardsigmoid", 3, 90);
    expect(lookupOp("hardsigmoid")!.heInit).toBeUndefined();
  });

  it("its float64 reference agrees with the closed form and with TF.js's relu6(x + 3)/6, values and gradient", () => {
    const y = apply(xs);
    xs.forEach((v, i) => expect(y[i]!).toBeCloseTo(closedForm(v), 14));
    const tfY = tfHardsigmoid(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((_, i) => expect(y[i]!).toBeCloseTo(tfY[i]!, 6));
    expect([y[0], y[xs.length - 1]]).toEqual([0, 1]);
    const dy = xs.map((_, i) => 0.5 + i / 10);
    xs.forEach((v, i) => expect(derivative(v, dy[i]!, {})).toBeCloseTo(dy[i]! * closedSlope(v), 14));
    const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tfHardsigmoid(t), tf.tensor1d(dy, "float32"))))(tf.tensor1d(xs, "float32")).dataSync();
    xs.forEach((v, i) => expect(derivative(v, dy[i]!, {})).toBeCloseTo(tfGrad[i]!, 5));
  });

  it("at the kinks takes PyTorch's gradient: 0 at x = −3 and at x = 3 (its backward passes dy/6 only strictly inside)", () => {
    expect([...apply([-3, 3])]).toEqual([0, 1]);
    expect(derivative(-3, 2, {})).toBe(0);
    expect(derivative(3, 2, {})).toBe(0);
  });

  it("its WGSL kernel matches the reference, forward and backward (unary_grad with hardsigmoid's derivative)", async () => {
    // x + x + x + x is 4x, exactly: normal inputs times 4 reach both flat pieces.
    const fwd = graphOf("network k {\ninput x: [5, 7, 3]\nh = x + x\noutput y = (h + h) |> hardsigmoid\n}\n");
    const f = await expectGpuParity(fwd, 3, 1e-5);
    const act = fwd.nodes.find((n) => n.op === "hardsigmoid")!.id;
    expect([f.ref.get(act)!.some((v) => v === 0), f.ref.get(act)!.some((v) => v === 1)]).toEqual([true, true]);

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\nh = x + x\noutput y = (h + h) |> hardsigmoid |> prelu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    const grads = tg.nodes.filter((n) => n.op === "unary_grad");
    expect(grads.map((n) => n.attrs.fn)).toEqual(["hardsigmoid"]);
    await expectGpuParity(tg, 3, 1e-4, { label: (name) => name });
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const code = expectFusesIntoConv("network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> hardsigmoid\n}\n", ["conv", "hardsigmoid"]);
    expect(code).toMatch(/min\(max\(.+ \+ 3\.0, 0\.0\), 6\.0\) \/ 6\.0/);
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), on every piece and clear of the kinks", () => {
    const text = "network k {\ninput x: [3, 3, 3]\nh = x + x\noutput y = (h + h) |> conv(4, k=1) |> hardsigmoid\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training } = expectGradcheck(text);
    expect(opsOf(training)).toContain("unary_grad");
    // The conv's values in the check's own run (its weights and feeds, drawn
    // as reference/gradcheck.ts draws them): central differences of step
    // 1e-6 are valid only where no value is within reach of a kink, and the
    // check covers each piece only if values fall on each.
    const pre = gradcheckValuesOf(training, "conv");
    expect(Math.min(...pre.map((v) => Math.abs(Math.abs(v) - 3)))).toBeGreaterThan(1e-3);
    expect([pre.some((v) => v < -3), pre.some((v) => v > -3 && v < 3), pre.some((v) => v > 3)]).toEqual([true, true, true]);
  });
});
