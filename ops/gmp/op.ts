// Global max pooling: one maximum per channel, [C, H, W] -> [C].

import { elementCount } from "../../core/ir/graph.js";
import { noParams, type OpDef } from "../contract.js";
import { globalPoolShape } from "../shared/pool.js";

export const gmp: OpDef = {
  name: "gmp",
  aliases: ["global_maxpool"],
  doc: "Maximum over H and W of a [C, H, W] map, giving [C].",
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: globalPoolShape,
  params: noParams,
  // One comparison per input element, counted as a flop.
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => ({ kind: "global" }),
  grad: (g) => ({ inputs: [g.emit("gmp_grad", [g.x(0), g.dy], {})] }),
};
