// Fully connected layer on the last axis (PyTorch's nn.Linear): weight
// [out, in]. Leading axes are treated as a batch, as nn.Linear does.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, fmt, intAttr, OpError, type OpContext, type OpDef, type ParamDecl } from "../contract.js";

function split(ctx: OpContext): { lead: number; inner: number } {
  const x = ctx.inputs[0]!;
  if (x.length === 0) throw new OpError(`input has shape ${fmt(x)}, but dense needs at least one axis`, "an input of rank ≥ 1");
  return { lead: elementCount(x.slice(0, -1)), inner: x[x.length - 1]! };
}

export const dense: OpDef = {
  name: "dense",
  aliases: ["linear", "fc"],
  doc: "Fully connected layer over the last axis: y = x·Wᵀ + b.",
  arity: 1,
  batched: "always",
  attrs: {
    out: { type: "int", min: 1, doc: "output features" },
    bias: { type: "bool", default: true, doc: "add a learned bias per output feature" },
  },
  inferShape(ctx) {
    split(ctx);
    const x = ctx.inputs[0]!;
    return [...x.slice(0, -1), intAttr(ctx.attrs, "out")];
  },
  params(ctx) {
    const out = intAttr(ctx.attrs, "out");
    const inner = split(ctx).inner;
    // Fans as PyTorch's for [out, in]: fan_in = in, fan_out = out.
    const ps: ParamDecl[] = [{ role: "weight", shape: [out, inner], kind: "weight", init: { fans: [[inner, out]], block: out * inner } }];
    if (boolAttr(ctx.attrs, "bias")) ps.push({ role: "bias", shape: [out], kind: "bias", init: { fill: 0 } });
    return ps;
  },
  cost(ctx) {
    const { lead, inner } = split(ctx);
    const out = intAttr(ctx.attrs, "out");
    return { macs: inner * out * lead, flops: boolAttr(ctx.attrs, "bias") ? out * lead : 0 };
  },
  // Every output mixes the whole last axis; on a spatial input that axis is W,
  // so the output is no longer a grid in the receptive-field sense.
  spatial: () => ({ kind: "global" }),
  // dx = dy·W, dW = Σ dyᵀ·x over the batch and leading axes, db = Σ dy.
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.emit("dense_grad_input", [g.dy], { in_shape: [...g.inputs[0]!] }, { weight: "weight" }) : undefined],
    params: {
      ...(g.needsParam("weight") ? { weight: g.emit("dense_grad_weight", [g.x(0), g.dy], {}) } : {}),
      ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: g.inputs[0]!.length - 1 }) } : {}),
    },
  }),
};
