// conv_grad_input in two steps, second half (passes/cols_grad.ts): adds
// each column value cols[c, ky·kw + kx, oy, ox] (conv_grad_cols) into the
// input pixel that tap read, iy = oy·sh − ph + ky·dh (likewise ix), and
// drops those that read padding. The result is the forward input's shape.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";
import { inShapeSpec, sameShape } from "../grad_shared.js";
import { convAttrs, convColsShape, convForward } from "../shared/conv.js";

export const col2im: OpDef = {
  name: "col2im",
  doc: "Input gradient of conv from its column gradient: each tap's value added into the input pixel it read.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...convAttrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const want = convColsShape(ctx);
    if (!sameShape(ctx.inputs[0]!, want)) throw new OpError(`columns have shape ${fmt(ctx.inputs[0]!)}, but this conv's are ${fmt(want)}`, `columns of shape ${fmt(want)} [in, kh·kw, out height, out width]`);
    return convForward(ctx).x;
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
