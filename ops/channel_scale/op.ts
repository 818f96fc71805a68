// dy·w[c] over channel axis 0: the input gradient of `scale`. Reads the
// forward weight (role "weight", [C]). One multiply per element.

import { elementCount } from "../../core/ir/graph.js";
import { pointwise, type OpDef, fromForward } from "../contract.js";
import { channelAxis } from "../grad_shared.js";

export const channelScale: OpDef = {
  name: "channel_scale",
  doc: "dy times the forward scale's weight per channel (scale's input gradient).",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: {},
  inferShape(ctx) {
    channelAxis(ctx.inputs[0]!, "dy", "a per-channel scale");
    return ctx.inputs[0]!;
  },
  params: (ctx) => [{ role: "weight", shape: [channelAxis(ctx.inputs[0]!, "dy", "a per-channel scale")], kind: "weight", init: fromForward }],
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
