// Batch normalisation over channel axis 0 (PyTorch's nn.BatchNorm*d). The
// running statistics are buffers: stored, not trained, not counted.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, fmt, OpError, pointwise, type OpContext, type OpDef, type ParamDecl } from "../contract.js";
import { bnAttrs } from "../shared/bn.js";

function channels(ctx: OpContext): number {
  const x = ctx.inputs[0]!;
  if (x.length === 0) throw new OpError(`input has shape ${fmt(x)}, but batch norm needs a channel axis`, "an input of rank ≥ 1");
  return x[0]!;
}

export const bn: OpDef = {
  name: "bn",
  aliases: ["batchnorm"],
  doc: "Batch normalisation per channel (axis 0), with learned scale and shift.",
  arity: 1,
  batched: "always",
  attrs: bnAttrs,
  inferShape(ctx) {
    channels(ctx);
    return ctx.inputs[0]!;
  },
  params(ctx) {
    const c = channels(ctx);
    const ps: ParamDecl[] = [];
    if (boolAttr(ctx.attrs, "affine")) {
      ps.push({ role: "weight", shape: [c], kind: "weight", init: { fill: 1 } }, { role: "bias", shape: [c], kind: "bias", init: { fill: 0 } });
    }
    ps.push({ role: "running_mean", shape: [c], kind: "buffer", init: { fill: 0 } }, { role: "running_var", shape: [c], kind: "buffer", init: { fill: 1 } });
    return ps;
  },
  // At inference the statistics fold into one scale and shift per channel:
  // a multiply and an add per element.
  cost: (_ctx, out) => ({ macs: 0, flops: 2 * elementCount(out) }),
  spatial: () => pointwise,
  // The training graph normalises with batch statistics.
  trainingForm: (t) => ({ value: t.emit("bn", t.inputs, { ...t.node.attrs, training: true }, { sameParams: true }) }),
  // In training mode the running statistics follow the batch's (PyTorch's update).
  runningState: {
    active: (attrs) => attrs.training === true,
    input: 0,
    meanRole: "running_mean",
    varRole: "running_var",
    momentum: (attrs) => (typeof attrs.momentum === "number" ? attrs.momentum : 0.1),
  },
  // Training mode differentiates through the batch statistics; eval mode
  // treats the running statistics as constants.
  grad: (g) => {
    const training = g.attrs.training === true;
    const stats = { eps: g.attrs.eps!, training, affine: g.attrs.affine! };
    const scale: Record<string, string> = g.attrs.affine === true ? { weight: "weight" } : {};
    return {
      inputs: [g.needsInput(0) ? g.emit("bn_grad_input", [g.x(0), g.dy], stats, training ? scale : { ...scale, running_var: "running_var" }) : undefined],
      params: {
        ...(g.needsParam("weight") ? { weight: g.emit("bn_grad_weight", [g.x(0), g.dy], stats, training ? {} : { running_mean: "running_mean", running_var: "running_var" }) } : {}),
        ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: 0 }) } : {}),
      },
    };
  },
};
