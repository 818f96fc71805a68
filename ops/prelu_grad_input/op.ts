// Gradient of prelu with respect to its input: dy·(x>0 ? 1 : a_c). Reads the
// forward slopes (role "weight", [1] or [C]). A compare and a multiply per
// element.

import { elementCount } from "../../core/ir/graph.js";
import { boolAttr, pointwise, type OpContext, type OpDef, fromForward } from "../contract.js";
import { prelu } from "../prelu/op.js";
import { channelAxis, expectSame } from "../grad_shared.js";

/** Slope count of prelu for input x: [C] per channel, else [1]. */
export function slopes(ctx: OpContext): number {
  const x = expectSame(ctx, 0, 1, ["x", "dy"]);
  return boolAttr(ctx.attrs, "per_channel") ? channelAxis(x, "x", "a per-channel slope") : 1;
}

export const preluGradInput: OpDef = {
  name: "prelu_grad_input",
  doc: "Input gradient of prelu: dy where x > 0, a·dy elsewhere.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: { ...prelu.attrs },
  inferShape(ctx) {
    slopes(ctx);
    return ctx.inputs[0]!;
  },
  params: (ctx) => [{ role: "weight", shape: [slopes(ctx)], kind: "weight", init: fromForward }],
  cost: (_ctx, out) => ({ macs: 0, flops: 2 * elementCount(out) }),
  spatial: () => pointwise,
};
