// Softmax along one axis, computed stably as exp(x - max) / Σ exp(x - max).
// A negative axis counts from the last (ops/shared/softmax.ts resolves it).
// Per element: subtract the max, exp, add to the sum, divide: 4 flops (the
// comparisons that find the max are left out, as is the common convention).

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { softmaxAttrs, softmaxAxis } from "../shared/softmax.js";

export const softmax: OpDef = {
  name: "softmax",
  doc: "exp(x) normalised to sum to 1 along an axis.",
  arity: 1,
  batched: "always",
  attrs: softmaxAttrs,
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    softmaxAxis(ctx.attrs, x);
    return x;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 4 * elementCount(out) }),
  // Along channels (the usual case) each pixel sees only its own input pixel;
  // along H or W every output sees the whole axis, so report it as global.
  spatial: (ctx) => (softmaxAxis(ctx.attrs, ctx.inputs[0]!) === 0 ? pointwise : { kind: "global" }),
  grad: (g) => ({ inputs: [g.emit("softmax_grad", [g.y, g.dy], { axis: softmaxAxis(g.attrs, g.inputs[0]!) })] }),
};
