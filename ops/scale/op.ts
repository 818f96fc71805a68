// Per-channel affine map y = w[c]·x + b[c] over channel axis 0: Caffe's Scale
// layer, and LeNet-5's trainable subsampling coefficient and bias.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, fmt, OpError, pointwise, type OpContext, type OpDef, type ParamDecl } from "../contract.js";

function channels(ctx: OpContext): number {
  const x = ctx.inputs[0]!;
  if (x.length === 0) throw new OpError(`input has shape ${fmt(x)}, but a per-channel scale needs a channel axis`, "an input of rank ≥ 1");
  return x[0]!;
}

export const scale: OpDef = {
  name: "scale",
  doc: "Per-channel learned scale and optional shift: y = w[c]·x + b[c].",
  arity: 1,
  batched: "always",
  attrs: {
    bias: { type: "bool", default: true, doc: "add a learned shift per channel" },
  },
  inferShape(ctx) {
    channels(ctx);
    return ctx.inputs[0]!;
  },
  params(ctx) {
    const c = channels(ctx);
    const ps: ParamDecl[] = [{ role: "weight", shape: [c], kind: "weight", init: { fill: 1 } }];
    if (boolAttr(ctx.attrs, "bias")) ps.push({ role: "bias", shape: [c], kind: "bias", init: { fill: 0 } });
    return ps;
  },
  // A multiply per element, and an add when there is a shift.
  cost: (ctx, out) => ({ macs: 0, flops: (boolAttr(ctx.attrs, "bias") ? 2 : 1) * elementCount(out) }),
  spatial: () => pointwise,
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.emit("channel_scale", [g.dy], {}, { weight: "weight" }) : undefined],
    params: {
      ...(g.needsParam("weight") ? { weight: g.emit("scale_grad_weight", [g.x(0), g.dy], {}) } : {}),
      ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: 0 }) } : {}),
    },
  }),
};
