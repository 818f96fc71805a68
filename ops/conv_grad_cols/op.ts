// conv_grad_input in two steps, first half (made by passes/cols_grad.ts for
// GPU programs, where most taps of the one-step form would read zeros):
// per sample, the column gradient
//
//   cols[c, ky·kw + kx, oy, ox] = Σ_o W[o, c, ky, kx] · dy[o, oy, ox]
//
// over the output maps o that read input map c (its group, or the
// connection table's links). Every tap of every output pixel gets a value,
// including taps that fall on padding; col2im then adds each one into the
// input pixel it read. Reads the forward weight (role "weight").

import type { Shape } from "../../core/ir/graph.js";
import { conv } from "../conv/op.js";
import { pairAttr, pointwise, type OpContext, type OpDef } from "../contract.js";
import { expectDy, forwardFromInShape, inShapeSpec } from "../grad_shared.js";

const fwd = (ctx: OpContext) => forwardFromInShape(conv, ctx);

/** The columns of a conv (attrs with in_shape): [in channels, kh·kw, out height, out width] per sample. */
export function colsShape(ctx: OpContext): Shape {
  const f = fwd(ctx);
  const [kh, kw] = pairAttr(ctx.attrs, "kernel");
  return [f.x[0]!, kh * kw, f.out[1]!, f.out[2]!];
}

export const convGradCols: OpDef = {
  name: "conv_grad_cols",
  doc: "Column gradient of conv: for every input map, tap and output pixel, Σ_o W·dy (col2im finishes the input gradient).",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...conv.attrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const f = fwd(ctx);
    expectDy(ctx.inputs[0]!, f.out, "conv");
    return colsShape(ctx);
  },
  params: (ctx) => conv.params(fwd(ctx).ctx).filter((p) => p.role === "weight"),
  cost(ctx) {
    const f = fwd(ctx);
    return { macs: conv.cost(f.ctx, f.out).macs, flops: 0 };
  },
  spatial: () => pointwise,
};
