// mean's attributes and shape rule, shared by mean (ops/mean/) and
// mean_grad, which checks dy against the forward shape.

import type { Shape } from "../../core/ir/graph.js";
import { boolAttr, intAttr, type AttrSpec, type OpContext } from "../contract.js";
import { resolveAxis } from "./axis.js";

export const meanAttrs: Readonly<Record<string, AttrSpec>> = {
  // No bounds: the shape rule refuses an axis out of range with the input's rank in the message.
  axis: { type: "int", aliases: ["dim"], doc: "per-sample axis to average over (0 is the first after the batch; −1 the last)" },
  keepdim: { type: "bool", default: false, doc: "keep the averaged axis with size 1" },
};

/**
 * x's shape without the axis, or with it as 1 under keepdim. A rank-1
 * input gives [] (a scalar per sample), which the IR allows, as
 * torch.mean(x, dim=1) of an [N, D] batch gives [N].
 */
export function meanShape(ctx: OpContext): Shape {
  const x = ctx.inputs[0]!;
  const axis = resolveAxis(intAttr(ctx.attrs, "axis"), x);
  return boolAttr(ctx.attrs, "keepdim") ? x.map((d, j) => (j === axis ? 1 : d)) : x.filter((_, j) => j !== axis);
}
