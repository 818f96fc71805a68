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

import { pointwise, type OpDef } from "../contract.js";
import { expectDy, inShapeSpec } from "../grad_shared.js";
import { convAttrs, convColsShape, convDataGradCost, convDataGradParams, convForward } from "../shared/conv.js";

export const convGradCols: OpDef = {
  name: "conv_grad_cols",
  doc: "Column gradient of conv: for every input map, tap and output pixel, Σ_o W·dy (col2im finishes the input gradient).",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { ...convAttrs, in_shape: inShapeSpec },
  inferShape(ctx) {
    const f = convForward(ctx);
    expectDy(ctx.inputs[0]!, f.out, "conv");
    return convColsShape(ctx);
  },
  params: convDataGradParams,
  cost: convDataGradCost,
  spatial: () => pointwise,
};
