// Parametric ReLU (PyTorch's nn.PReLU): leaky ReLU with a learned slope,
// one shared or one per channel (axis 0). A compare and a multiply per element.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, fmt, OpError, pointwise, type OpDef } from "../contract.js";
import { preluAttrs } from "../shared/prelu.js";

export const prelu: OpDef = {
  name: "prelu",
  doc: "x for x > 0, a·x otherwise, with a learned slope a (shared or per channel).",
  arity: 1,
  batched: "always",
  // A ReLU-family activation: weights start with He's std (see ParamInit).
  heInit: true,
  attrs: preluAttrs,
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    if (boolAttr(ctx.attrs, "per_channel") && x.length === 0) {
      throw new OpError(`input has shape ${fmt(x)}, but a per-channel slope needs a channel axis`, "an input of rank ≥ 1");
    }
    return x;
  },
  params(ctx) {
    const slopes = boolAttr(ctx.attrs, "per_channel") ? ctx.inputs[0]![0]! : 1;
    return [{ role: "weight", shape: [slopes], kind: "weight", init: { fill: 0.25 } }];
  },
  cost: (_ctx, out) => ({ macs: 0, flops: 2 * elementCount(out) }),
  spatial: () => pointwise,
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.emit("prelu_grad_input", [g.x(0), g.dy], { per_channel: g.attrs.per_channel! }, { weight: "weight" }) : undefined],
    params: { ...(g.needsParam("weight") ? { weight: g.emit("prelu_grad_weight", [g.x(0), g.dy], { per_channel: g.attrs.per_channel! }) } : {}) },
  }),
};
