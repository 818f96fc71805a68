// Batch normalisation over channel axis 0 (PyTorch's nn.BatchNorm*d). The
// running statistics are buffers: stored, not trained, not counted.

import { boolAttr, elements, fmt, OpError, pointwise, type OpContext, type OpDef, type ParamDecl } from "./contract.js";

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
  attrs: {
    eps: { type: "float", above: 0, default: 1e-5, doc: "added to the variance for stability" },
    momentum: { type: "float", min: 0, max: 1, default: 0.1, doc: "weight of the new batch in the running statistics" },
    affine: { type: "bool", default: true, doc: "learn a per-channel scale and shift" },
  },
  inferShape(ctx) {
    channels(ctx);
    return ctx.inputs[0]!;
  },
  params(ctx) {
    const c = channels(ctx);
    const ps: ParamDecl[] = [];
    if (boolAttr(ctx.attrs, "affine")) {
      ps.push({ role: "weight", shape: [c], kind: "weight" }, { role: "bias", shape: [c], kind: "bias" });
    }
    ps.push({ role: "running_mean", shape: [c], kind: "buffer" }, { role: "running_var", shape: [c], kind: "buffer" });
    return ps;
  },
  // At inference the statistics fold into one scale and shift per channel:
  // a multiply and an add per element.
  cost: (_ctx, out) => ({ macs: 0, flops: 2 * elements(out) }),
  spatial: () => pointwise,
};
