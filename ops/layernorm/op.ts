// Layer normalisation over the last axis (PyTorch's nn.LayerNorm(D) on a
// per-sample [D] or [T, D], the ViT case): each row of D features is
// normalised by its own mean and biased variance, then scaled and shifted
// per feature.
//
// Cost per element, 8 flops: the mean 1 (add), the variance 3 (subtract,
// square, add), normalise 2 (subtract, multiply by 1/σ), affine 2
// (multiply, add; counted with or without affine, as the kernel does the
// same work). The per-row divide and square root are left out.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, pointwise, type OpDef, type ParamDecl } from "../contract.js";
import { features, layernormAttrs } from "../shared/layernorm.js";

export const layernorm: OpDef = {
  name: "layernorm",
  aliases: ["layer_norm"],
  doc: "Layer normalisation over the last axis, with a learned scale and shift per feature.",
  arity: 1,
  batched: "always",
  attrs: layernormAttrs,
  inferShape(ctx) {
    features(ctx.inputs[0]!, "input");
    return ctx.inputs[0]!;
  },
  params(ctx) {
    const d = features(ctx.inputs[0]!, "input");
    if (!boolAttr(ctx.attrs, "affine")) return [];
    const ps: ParamDecl[] = [
      { role: "weight", shape: [d], kind: "weight", init: { fill: 1 } },
      { role: "bias", shape: [d], kind: "bias", init: { fill: 0 } },
    ];
    return ps;
  },
  cost: (_ctx, out) => ({ macs: 0, flops: 8 * elementCount(out) }),
  // A [D] vector is one row: no spatial axes. On a map the last axis (W) is
  // mixed across its whole length, so report it as global.
  spatial: (ctx) => (ctx.inputs[0]!.length <= 1 ? pointwise : { kind: "global" }),
  grad: (g) => {
    const attrs = { eps: g.attrs.eps!, affine: g.attrs.affine! };
    const scale: Record<string, string> = g.attrs.affine === true ? { weight: "weight" } : {};
    const last = g.inputs[0]!.length - 1;
    // γ's gradient is Σ dy·x̂ over the batch and rows: x̂ recomputed by a
    // plain layernorm (one pass per row, O(rows·D)), multiplied by dy and
    // summed like β's. A dedicated kernel with one workgroup per feature
    // had to recompute every row's statistics per feature, O(rows·D²).
    const gamma = () => {
      const xhat = g.emit("layernorm", [g.x(0)], { eps: g.attrs.eps!, affine: false });
      return g.emit("reduce_axis", [g.emit("mul", [g.dy, xhat], {})], { axis: last });
    };
    return {
      inputs: [g.needsInput(0) ? g.emit("layernorm_grad_input", [g.x(0), g.dy], attrs, scale) : undefined],
      params: {
        ...(g.needsParam("weight") ? { weight: gamma() } : {}),
        ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: last }) } : {}),
      },
    };
  },
};
