// Sums dy down to the shape of an operand that `mul` broadcast (channel-first
// broadcasting: missing trailing axes and axes of size 1 are summed). Per
// sample, so batched. One add per element of dy.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";
import { shapeAttr } from "../grad_shared.js";

export const sumTo: OpDef = {
  name: "sum_to",
  doc: "Sums dy over the axes `mul` broadcast, down to `shape`.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: {
    shape: { type: "ints", min: 1, doc: "the broadcast operand's per-sample shape" },
  },
  inferShape(ctx) {
    const dy = ctx.inputs[0]!;
    const shape = shapeAttr(ctx.attrs, "shape");
    const expected = "a shape that broadcasts to dy: a prefix of its axes, each equal or 1";
    if (shape.length > dy.length) throw new OpError(`shape ${fmt(shape)} has more axes than dy ${fmt(dy)}`, expected);
    shape.forEach((d, i) => {
      if (d !== dy[i] && d !== 1) throw new OpError(`shape ${fmt(shape)} does not broadcast to dy ${fmt(dy)}: axis ${i} is ${d}, not ${dy[i]} or 1`, expected);
    });
    return shape;
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
