// Gradient of maxpool: each dy goes to the first maximum of its window (scan
// order rows, then columns; padding never wins), summed where windows
// overlap. Per dy element: kh·kw compares to find the maximum again and one
// add.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pairAttr, pointwise, type OpDef } from "../contract.js";
import { xGradShape } from "../grad_shared.js";
import { maxpoolAttrs, maxpoolShape } from "../shared/pool.js";

export const maxpoolGrad: OpDef = {
  name: "maxpool_grad",
  doc: "Gradient of maxpool: dy routed to the first maximum of each window.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: { ...maxpoolAttrs },
  inferShape: (ctx) => xGradShape(maxpoolShape, "maxpool", ctx),
  params: noParams,
  cost(ctx) {
    const [kh, kw] = pairAttr(ctx.attrs, "kernel");
    return { macs: 0, flops: (kh * kw + 1) * elementCount(ctx.inputs[1]!) };
  },
  spatial: () => pointwise,
};
