// gelu (PyTorch's nn.GELU, approximate "none" and "tanh"): its definition's
// facts; the float64 erf/erfc (ops/shared/reference_erf.ts) and the
// reference gelu against values known to many digits (tables of erf and of
// the normal CDF), the tanh form against its closed formula, and both
// derivatives against finite differences of the reference in float64; its
// WGSL kernels (with the erfc_ helper of ops/templates/erf.ts) against the
// reference on WebGPU, unfused and as a conv's epilogue; and its gradient
// through the whole pipeline against finite differences.
// No TF.js cross-check: tfjs-core has no gelu op (no tf.gelu), so known
// values and closed formulas stand in for it.

import { describe, expect, it } from "vitest";
import type { Attrs } from "../../core/ir/graph.js";
import { derivative, kernel } from "../../ops/gelu/reference.js";
import { erf, erfc } from "../../ops/shared/reference_erf.js";
import { graphOf, expectGpuParity, expectFusesIntoConv, expectGradcheck, referenceOn, runScaledActivation } from "../helpers/op_checks.js";
import { applyOp } from "../helpers/ops.js";
import { applyGrad } from "./defs/grad/helper.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

/** Both tails, the bend near 0, and the range where erf switches method (3). */
const xs = [-30, -10, -6, -4.5, -3, -2, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 3, 4.5, 6, 10, 30];
const FORMS = ["none", "tanh"] as const;

function geluOf(values: readonly number[], approximate: string): Float64Array | Float32Array {
  return referenceOn(kernel, values, { approximate });
}

/** The layer as the language writes it. */
const layer = (form: string): string => (form === "none" ? "gelu" : `gelu(approximate="${form}")`);

describe("gelu", () => {
  it("keeps the shape, counts 4 flops per element (8 in tanh form), owns no parameters and maps pixels to pixels", () => {
    const r = applyOp("gelu", [[2, 3, 5]]);
    expect(r.shape).toEqual([2, 3, 5]);
    expect(r.attrs.approximate).toBe("none");
    expect(r.cost).toEqual({ macs: 0, flops: 120 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
    expect(applyOp("gelu", [[2, 3, 5]], [], { approximate: "tanh" }).cost).toEqual({ macs: 0, flops: 240 });
    expect(() => applyOp("gelu", [[4]], [], { approximate: "fast" })).toThrow(`'approximate' must be one of "none", "tanh"`);
  });

  it("counts its gradient per form: unary_grad costs 10 flops per element for the erf form, 19 for the tanh form", () => {
    // The counts are the op header's; unary_grad reads the form from its variant (null: the default, "none").
    expect(applyGrad("unary_grad", [[2, 3, 5], [2, 3, 5]], ["gelu"]).cost).toEqual({ macs: 0, flops: 300 });
    expect(applyGrad("unary_grad", [[2, 3, 5], [2, 3, 5]], ["gelu"], { variant: "none" }).cost).toEqual({ macs: 0, flops: 300 });
    expect(applyGrad("unary_grad", [[2, 3, 5], [2, 3, 5]], ["gelu"], { variant: "tanh" }).cost).toEqual({ macs: 0, flops: 570 });
  });

  it("its float64 erf and erfc match tabled values, in both methods (series below 3, continued fraction beyond)", () => {
    // erf to 16 digits (tables of erf; the brief's values).
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erf(-1)).toBe(-erf(1));
    expect(erf(0)).toBe(0);
    // Near 0, erf(x) = 2x/√π·(1 − x²/3 + …): relatively accurate, not an absolute 1e-16.
    expect(erf(1e-10) / ((2e-10 / Math.sqrt(Math.PI)) * (1 - 1e-20 / 3))).toBeCloseTo(1, 14);
    // erfc in the tail, relatively: erfc(3), erfc(4), erfc(5) from tables.
    for (const [x, want] of [[3, 2.209049699858544e-5], [4, 1.541725790028002e-8], [5, 1.5374597944280349e-12]] as const) {
      expect(erfc(x) / want, `erfc(${x})`).toBeCloseTo(1, 13);
    }
    expect(erfc(-3)).toBeCloseTo(2 - 2.209049699858544e-5, 15);
    expect(erf(3) + erfc(3)).toBeCloseTo(1, 15);
    expect(erf(Infinity)).toBe(1);
  });

  it("its float64 reference matches known values of x·Φ(x) and the tanh form's closed formula", () => {
    const y = geluOf(xs, "none");
    const at = (x: number) => y[xs.indexOf(x)]!;
    // Φ(1) = 0.8413447460685429 and Φ(−1) = 1 − Φ(1) (normal tables).
    expect(at(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(at(-1)).toBeCloseTo(-0.15865525393145707, 15);
    expect(at(0)).toBe(0);
    // gelu(x) − gelu(−x) = x·(Φ(x) + Φ(−x)) = x.
    for (const x of xs.filter((v) => v > 0)) expect(at(x) - at(-x), `x = ${x}`).toBeCloseTo(x, 13);
    // The left tail keeps its digits: Φ(−10) = 7.6198530241605e-24 (tables), not 0.
    expect(at(-10) / (-10 * 7.6198530241605e-24)).toBeCloseTo(1, 11);
    expect(at(30)).toBe(30);

    const t = geluOf(xs, "tanh");
    xs.forEach((x, i) => expect(t[i]!, `x = ${x}`).toBeCloseTo(0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))), 14));
    // The two forms differ by at most about 5e-4 (the tanh form's known error).
    xs.forEach((x, i) => expect(Math.abs(t[i]! - y[i]!), `x = ${x}`).toBeLessThan(1e-3));
  });

  for (const form of FORMS) {
    it(`its float64 derivative (${form}) matches central differences of the reference`, () => {
      const attrs: Attrs = { fn: "gelu", variant: form };
      const h = 1e-5;
      const dy = xs.map((_, i) => 0.5 + i / 10);
      const plus = geluOf(xs.map((x) => x + h), form);
      const minus = geluOf(xs.map((x) => x - h), form);
      xs.forEach((x, i) => {
        const fd = (dy[i]! * (plus[i]! - minus[i]!)) / (2 * h);
        expect(Math.abs(derivative(x, dy[i]!, attrs) - fd), `x = ${x}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(fd)));
      });
      // The exact form's derivative at 0 is Φ(0) = 1/2; at 1, Φ(1) + φ(1).
      if (form === "none") expect(derivative(1, 1, attrs)).toBeCloseTo(0.8413447460685429 + Math.exp(-0.5) / Math.sqrt(2 * Math.PI), 14);
      expect(derivative(0, 1, attrs)).toBe(0.5);
    });

    it(`its WGSL kernel (${form}) matches the reference, forward and backward (unary_grad with gelu's derivative)`, async () => {
      const fwd = graphOf(`network k {\ninput x: [5, 7, 3]\noutput y = x |> ${layer(form)}\n}\n`);
      await expectGpuParity(fwd, 3, 1e-4);

      const tg = graphOf(`network k {\ninput x: [3, 5, 7]\noutput y = x |> ${layer(form)} |> prelu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`, true);
      const grads = tg.nodes.filter((n) => n.op === "unary_grad");
      expect(grads.map((n) => [n.attrs.fn, n.attrs.variant])).toEqual([["gelu", form]]);
      await expectGpuParity(tg, 3, 1e-4, { label: (name) => name });
    });

    it(`its WGSL kernel (${form}) stays finite and matches the reference element for element out to about ±100, tails included`, async () => {
      // Channels scaled by 1, 3, 8 and 30 (scale's weight) spread normal feeds over both tails.
      const { gpu, ref } = await runScaledActivation(layer(form), "gelu", [1, 3, 8, 30]);
      expect(Math.max(...Array.from(ref))).toBeGreaterThan(50);
      // Values of the left tail down to 1e-30 are compared relatively, so erfc's tail is checked, not only its absolute error.
      expect(Array.from(ref).filter((v) => v < -1e-30 && v > -1e-6).length).toBeGreaterThan(0);
      gpu.forEach((v, i) => {
        expect(Number.isFinite(v), `element ${i}`).toBe(true);
        const want = ref[i]!;
        expect(Math.abs(v - want), `element ${i}: ${v} vs ${want}`).toBeLessThanOrEqual(1e-4 * Math.abs(want) + (Math.abs(want) < 1e-30 ? 1e-30 : 0));
      });
    });

    it(`fuses (${form}) into a conv's kernel as its epilogue, with no kernel of its own`, () => {
      const code = expectFusesIntoConv(`network k {\ninput x: [2, 6, 6]\noutput y = x |> conv(4, k=3) |> ${layer(form)}\n}\n`, ["conv", "gelu"]);
      expect(code).toContain(form === "none" ? "erfc_" : "sigmoid_");
    });

    it(`passes the finite-difference gradient check through the whole pipeline (${form}, float64)`, () => {
      const text = `network k {\ninput x: [2, 3, 3]\noutput y = x |> conv(2, k=1) |> ${layer(form)}\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text);
      expect(opsOf(training)).toContain("unary_grad");
    });
  }
});
