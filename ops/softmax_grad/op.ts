// Gradient of softmax: y·(dy − Σ_axis dy·y). Per element: a multiply and an
// add for the sum, a subtract and a multiply: 4 flops.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { expectSame } from "../grad_shared.js";
import { softmaxAttrs, softmaxAxis } from "../shared/softmax.js";

export const softmaxGrad: OpDef = {
  name: "softmax_grad",
  doc: "Gradient of softmax from its output y and dy: y·(dy − Σ dy·y) along the axis.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: { ...softmaxAttrs },
  inferShape(ctx) {
    const y = expectSame(ctx, 0, 1, ["y", "dy"]);
    softmaxAxis(ctx.attrs, y, "y");
    return y;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: 4 * elementCount(out) }),
  spatial: () => pointwise,
};
