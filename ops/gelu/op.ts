// GELU, x·Φ(x) with Φ the standard normal CDF: PyTorch's nn.GELU, with its
// `approximate` attribute: "none" (default), 0.5·x·(1 + erf(x/√2));
// "tanh", 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
//
// Flops per element, counting as elu/softplus do (each compare, arithmetic
// op and transcendental one flop; erfc one transcendental, the sigmoid
// exp, add and divide), from the formulas of kernel.ts:
// - forward "none": x·(−1/√2), erfc, ·0.5, ·x: 4;
// - forward "tanh": x², ·c₂, +c₁, ·x (v = 2·the tanh argument), the
//   sigmoid (3), ·x: 8;
// - derivative "none": Φ(x) (x·(−1/√2), erfc, ·0.5), φ(x)·x (x², ·(−0.5),
//   exp, ·1/√(2π), ·x), the add and ·dy: 10;
// - derivative "tanh": v (4), σ(v) (3), −v and σ(−v) (4), the slope of v
//   (x², ·3c₂, +c₁: 3), three multiplies, the add and ·dy: 19.

import type { AttrValue } from "../../core/ir/graph.js";
import { stringAttr, type OpDef } from "../contract.js";
import { activationFields } from "../shared/activation.js";

export const gelu: OpDef = {
  name: "gelu",
  doc: "x·Φ(x) (Φ the standard normal CDF), elementwise; approximate=\"tanh\" uses PyTorch's tanh formula.",
  ...activationFields((a) => (stringAttr(a, "approximate") === "tanh" ? 8 : 4)),
  attrs: {
    approximate: { type: "string", default: "none", oneOf: ["none", "tanh"], doc: "\"none\": the exact erf form; \"tanh\": the tanh approximation (as PyTorch's nn.GELU)" },
  },
  // unary_grad's attributes carry the variant (null: the default, "none").
  derivative: { flops: (a) => (geluForm(a.variant) === "tanh" ? 19 : 10) },
  // The derivative is a function of the input, so the input is kept; the variant tells unary_grad which form.
  grad: (g) => ({ inputs: [g.emit("unary_grad", [g.x(0), g.dy], { fn: "gelu", variant: g.attrs.approximate! })] }),
};

/** The form an `approximate` (or unary_grad `variant`) value names; null, unary_grad's default, is PyTorch's default "none"; undefined for anything else. */
export function geluForm(v: AttrValue | undefined): "none" | "tanh" | undefined {
  if (v === null || v === "none") return "none";
  return v === "tanh" ? "tanh" : undefined;
}
