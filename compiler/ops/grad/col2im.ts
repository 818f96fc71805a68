// conv_grad_input in two steps, second half (passes/cols_grad.ts): adds
// each column value cols[c, ky·kw + kx, oy, ox] (conv_grad_cols) into the
// input pixel that tap read, iy = oy·sh − ph + ky·dh (likewise ix), and
// drops those that read padding. The result is the forward input's shape.

import { conv } from "../conv.js";
import { elements, expectCHW, fmt, noParams, OpError, pointwise, type OpContext, type OpDef } from "../contract.js";
import { forward, inShapeSpec, sameShape, shapeAttr } from "./shared.js";

function fwd(ctx: OpContext) {
  const x = shapeAttr(ctx.attrs, "in_shape");
  expectCHW(x, "in_shape");
  return { x, ...forward(conv, x, ctx.attrs) };
}

export const col2im: OpDef = {
  name: "col2im",
  doc: "Input gradient of conv from its column gradient: each tap's value added into the input pixel it read.",
  arity: 1,
  role: "backward",
  attrs: { ...conv.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const f = fwd(ctx);
    const weight = conv.params(f.ctx).find((p) => p.role === "weight")!.shape;
    const want = [f.x[0]!, weight.slice(-2).reduce((a, b) => a * b, 1), f.out[1]!, f.out[2]!];
    if (!sameShape(ctx.inputs[0]!, want)) throw new OpError(`columns have shape ${fmt(ctx.inputs[0]!)}, but this conv's are ${fmt(want)}`, `columns of shape ${fmt(want)} [in, kh·kw, out height, out width]`);
    return f.x;
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elements(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
