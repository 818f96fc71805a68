// Global average pooling: one mean per channel, [C, H, W] -> [C].

import { elementCount } from "../../core/ir/graph.js";
import { noParams, type OpDef } from "../contract.js";
import { globalPoolShape } from "../shared/pool.js";

export const gap: OpDef = {
  name: "gap",
  aliases: ["global_avgpool"],
  doc: "Mean over H and W of a [C, H, W] map, giving [C].",
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: globalPoolShape,
  params: noParams,
  // H·W - 1 adds and one divide per channel: one flop per input element.
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => ({ kind: "global" }),
  grad: (g) => ({ inputs: [g.emit("gap_grad", [g.dy], { in_shape: [...g.inputs[0]!] })] }),
};
