// affine: y = scale·x / divisor + shift, elementwise, with constant scale,
// divisor and shift. It is what the language makes of arithmetic between a
// tensor and a number (docs/language.md, "Tensor arithmetic"): `x + 3` is
// affine(shift = 3), `3 - x` affine(scale = −1, shift = 3), `x * 0.5`
// affine(scale = 0.5), `-x` affine(scale = −1), and `x / 6`
// affine(divisor = 6): a true division, so that `x / 6` rounds in float32
// exactly as PyTorch's does, rather than a multiplication by 1/6, which
// may differ in the last bit. The cost counts only the parts that do
// something: a multiply where scale ≠ 1, a divide where divisor ≠ 1, an
// add where shift ≠ 0.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, numAttr, OpError, pointwise, type OpDef } from "../contract.js";

/** The largest float32: constants beyond it cannot be written in a kernel. */
const F32_MAX = 3.4028234663852886e38;
const f32Range = { min: -F32_MAX, max: F32_MAX } as const;

export const affine: OpDef = {
  name: "affine",
  doc: "scale·x / divisor + shift, elementwise, with constant numbers: what `x * a`, `x / a`, `x + a`, `a - x` and `-x` make.",
  arity: 1,
  // Autodiff applies it to gradients as well as to activations, so it has a batch exactly when its input does.
  batched: "if-any-input",
  attrs: {
    scale: { type: "float", ...f32Range, default: 1, doc: "the factor x is multiplied by" },
    shift: { type: "float", ...f32Range, default: 0, doc: "the constant added last" },
    divisor: { type: "float", ...f32Range, default: 1, doc: "the number scale·x is divided by (not 0)" },
  },
  inferShape(ctx) {
    if (numAttr(ctx.attrs, "divisor") === 0) throw new OpError("divisor is 0", "a non-zero divisor");
    return ctx.inputs[0]!;
  },
  params: noParams,
  cost: (ctx, out) => {
    const parts = [numAttr(ctx.attrs, "scale") !== 1, numAttr(ctx.attrs, "divisor") !== 1, numAttr(ctx.attrs, "shift") !== 0].filter(Boolean).length;
    return { macs: 0, flops: parts * elementCount(out) };
  },
  spatial: () => pointwise,
  // dy/dx = scale / divisor: the same map without its shift, on dy. A pure
  // shift passes dy on unchanged, with no node.
  grad: (g) => {
    const [scale, divisor] = [numAttr(g.attrs, "scale"), numAttr(g.attrs, "divisor")];
    if (!g.needsInput(0)) return { inputs: [undefined] };
    return { inputs: [scale === 1 && divisor === 1 ? g.dy : g.emit("affine", [g.dy], { scale, divisor, shift: 0 })] };
  },
};
