// affine, y = scale·x / divisor + shift with constant numbers (what the
// language makes of `x + 3`, `3 - x`, `x * 0.5`, `x / 6`, `-x`): its
// definition's facts, its float64 reference against the closed form and
// TF.js (tf.mul, tf.div, tf.add on the CPU backend), its WGSL kernel
// (unfused, and fused into a conv's epilogue) against the reference, its
// gradient through the whole pipeline against finite differences, and
// hardswish written by hand, x * relu6(x + 3) / 6, against the hardswish
// op's reference (issue 13's motivating example).

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { AttrValue } from "../../core/ir/graph.js";
import { execute } from "../../reference/executor.js";
import { kernel } from "../../ops/affine/reference.js";
import { kernel as hardswishKernel } from "../../ops/hardswish/reference.js";
import { lookupOp } from "../../ops/registry.js";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { relativeError, runBoth } from "../helpers/gpu_parity.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, expectFusesIntoConv, expectGradcheck, referenceOn } from "../helpers/op_checks.js";
import { applyOp } from "../helpers/ops.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

const xs = [-100, -6, -3, -1, -0.5, 0, 0.25, 1, 3, 7.5, 100];

const apply = (values: readonly number[], attrs: { scale: number; shift: number; divisor: number }) =>
  referenceOn(kernel, values, attrs);

/** [scale, shift, divisor] of each operator form the language makes. */
const forms: readonly (readonly [string, number, number, number])[] = [
  ["x + 3", 1, 3, 1],
  ["3 - x", -1, 3, 1],
  ["x * 0.5", 0.5, 0, 1],
  ["x / 6", 1, 0, 6],
  ["-x", -1, 0, 1],
  ["affine(x, 0.25, -2, 3)", 0.25, -2, 3],
];

describe("affine", () => {
  it("keeps the shape, counts one flop per element for each part that does something, owns no parameters and maps pixels to pixels", () => {
    const cost = (positional: AttrValue[]) => applyOp("affine", [[2, 3, 5]], positional).cost;
    expect(cost([0.5, 3])).toEqual({ macs: 0, flops: 60 });
    expect(cost([1, 0, 6])).toEqual({ macs: 0, flops: 30 });
    expect(cost([-1])).toEqual({ macs: 0, flops: 30 });
    expect(cost([2, 1, 4])).toEqual({ macs: 0, flops: 90 });
    expect(cost([])).toEqual({ macs: 0, flops: 0 });
    const r = applyOp("affine", [[2, 3, 5]], [0.5, 3]);
    expect(r.shape).toEqual([2, 3, 5]);
    expect(r.attrs).toEqual({ scale: 0.5, shift: 3, divisor: 1 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
    expect(lookupOp("affine")!.batched).toBe("if-any-input");
    expect(() => applyOp("affine", [[4]], [1, 0, 0])).toThrow("divisor is 0");
  });

  it("its float64 reference agrees with the closed form and with TF.js's mul, div and add", () => {
    for (const [text, scale, shift, divisor] of forms) {
      const y = apply(xs, { scale, shift, divisor });
      xs.forEach((v, i) => expect(y[i], text).toBe((scale * v) / divisor + shift));
      const t = tf.add(tf.div(tf.mul(tf.tensor1d(xs, "float32"), scale), divisor), shift).dataSync();
      xs.forEach((_, i) => expect(y[i]!, text).toBeCloseTo(t[i]!, 4));
    }
  });

  it("its WGSL kernel matches the reference, forward and in a training graph", async () => {
    const fwd = graphOf(`network k {\ninput x: [5, 7, 3]\n${forms.map(([text], i) => `output y${i} = ${text}`).join("\n")}\n}\n`);
    expect(fwd.nodes.filter((n) => n.op === "affine")).toHaveLength(forms.length);
    await expectGpuParity(fwd, 3, 1e-6, { label: (name) => name });

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\nh = x |> prelu\noutput y = (3 - h * 0.5) / 6 + -h\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    // The gradient of each scaling is itself an affine on dy (the shift alone passes dy on).
    expect(tg.nodes.filter((n) => n.op === "affine" && n.name.startsWith("grad.")).map((n) => [n.attrs.scale, n.attrs.divisor, n.attrs.shift])).toEqual(
      expect.arrayContaining([[-1, 1, 0], [0.5, 1, 0], [1, 6, 0]]),
    );
    await expectGpuParity(tg, 3, 1e-4, { label: (name) => name });
  });

  it("fuses into a conv's kernel as its epilogue: conv, * 0.5 and + 3 in one kernel", () => {
    const code = expectFusesIntoConv("network k {\ninput x: [2, 6, 6]\noutput y = (x |> conv(4, k=3)) * 0.5 + 3\n}\n", ["affine", "affine", "conv"]);
    expect(code).toMatch(/ \* 0\.5;/);
    expect(code).toMatch(/ \+ 3\.0;/);
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64)", () => {
    const text = "network k {\ninput x: [2, 3, 3]\nc = x |> conv(2, k=1)\noutput y = (3 - c * 0.5) / 6 + -c\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    const { training } = expectGradcheck(text);
    expect(opsOf(training)).toContain("affine");
  });

  it("writes hardswish by hand: x * relu6(x + 3) / 6 equals the hardswish op's reference, in float64 and on WebGPU", async () => {
    const g = graphOf("network k {\ninput x: [4, 5, 5]\nw = x * 4\noutput y = w * relu6(w + 3) / 6\noutput h = w |> hardswish\n}\n");
    const [y, h] = g.outputs.map((o) => o.node);
    const w = g.nodes.find((n) => n.op === "affine" && n.attrs.scale === 4)!.id;
    const rng = new Rng(7);
    const batch = 2;
    const values = Array.from({ length: batch * 100 }, () => rng.normal());
    const feeds = new Map([["x", fromArray([batch, 4, 5, 5], values, "f64")]]);
    const ref = execute(g, { feeds, params: new Map(), batch, precision: "f64" }).values;
    const pre = [...ref[w]!.data];
    // Normal draws times 4 reach all three pieces of hardswish.
    expect([pre.some((v) => v < -3), pre.some((v) => v > -3 && v < 3), pre.some((v) => v > 3)]).toEqual([true, true, true]);
    const direct = hardswishKernel([ref[w]!], {}, {}, refContext([batch, 4, 5, 5], batch)).data;
    [...ref[y!]!.data].forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 14));
    expect([...ref[h!]!.data]).toEqual([...direct]);
    const f = await runBoth(g, batch, [y!, h!]);
    expect(relativeError(f.gpu.get(y!)!, f.ref.get(h!)!)).toBeLessThan(1e-6);
  });
});
