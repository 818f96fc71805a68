// Sums dy over the batch and every axis but one: the bias gradients (axis 0
// for conv, bn and scale; the last axis for dense). Unbatched
// [dy.shape[axis]]; one add per element of dy.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, intAttr, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const reduceAxis: OpDef = {
  name: "reduce_axis",
  doc: "Sum of dy over the batch and all axes but `axis` (bias gradients).",
  arity: 1,
  role: "backward",
  batched: "never",
  attrs: {
    axis: { type: "int", min: 0, doc: "the axis kept (0 is channels)" },
  },
  inferShape(ctx) {
    const dy = ctx.inputs[0]!;
    const axis = intAttr(ctx.attrs, "axis");
    if (axis >= dy.length) throw new OpError(`axis ${axis} is out of range for dy of shape ${fmt(dy)}`, `an axis below ${dy.length}`);
    return [dy[axis]!];
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
