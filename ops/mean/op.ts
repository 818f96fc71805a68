// The average over one per-sample axis, as torch.mean(x, dim, keepdim):
// ViT's pooling of its tokens ([T, D] → [D] with axis 0). The axis is
// dropped unless keepdim keeps it with size 1.
//
// Cost: one add per input element and one divide per output element.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, intAttr, noParams, type OpDef } from "../contract.js";
import { axisSpatial, resolveAxis } from "../shared/axis.js";
import { meanAttrs, meanShape } from "../shared/mean.js";

export const mean: OpDef = {
  name: "mean",
  doc: "Average over one per-sample axis (negative counts from the last), dropped unless keepdim.",
  arity: 1,
  batched: "always",
  attrs: meanAttrs,
  inferShape: meanShape,
  params: noParams,
  cost: (ctx, out) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) + elementCount(out) }),
  spatial: (ctx) => axisSpatial(resolveAxis(intAttr(ctx.attrs, "axis"), ctx.inputs[0]!), ctx.inputs[0]!),
  // dx spreads dy/len back along the axis; the axis is passed resolved, so the gradient op need not know the sign convention.
  grad: (g) => {
    const x = g.inputs[0]!;
    const axis = resolveAxis(intAttr(g.attrs, "axis"), x);
    return { inputs: [g.emit("mean_grad", [g.dy], { axis, keepdim: boolAttr(g.attrs, "keepdim"), in_shape: [...x] })] };
  },
};
