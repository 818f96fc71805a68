// Gradient of avgpool, its adjoint: each dy, divided by its window's divisor
// (the forward rule, count_include_pad), is added to every input pixel of
// the window. Per dy element: a divide and kh·kw adds, counted kh·kw as the
// forward.

import { elementCount } from "../../core/ir/graph.js";
import { pairAttr, type OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { avgpoolAttrs, avgpoolShape } from "../shared/pool.js";

export const avgpoolGrad: OpDef = {
  name: "avgpool_grad",
  doc: "Gradient of avgpool: dy spread evenly over each window.",
  ...dataGradFields("avgpool", avgpoolAttrs, avgpoolShape),
  cost(ctx) {
    const [kh, kw] = pairAttr(ctx.attrs, "kernel");
    return { macs: 0, flops: kh * kw * elementCount(ctx.inputs[0]!) };
  },
};
