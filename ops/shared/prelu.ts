// prelu's attributes and slope count, shared by prelu (ops/prelu/) and its
// gradient ops (prelu_grad_input, prelu_grad_weight).

import { boolAttr, type AttrSpec, type OpContext } from "../contract.js";
import { channelAxis, expectSame } from "../grad_shared.js";

export const preluAttrs: Readonly<Record<string, AttrSpec>> = {
  per_channel: { type: "bool", default: false, doc: "learn one slope per channel instead of one in all" },
};

/** Slope count of prelu for input x of a gradient op (x, dy): [C] per channel, else [1]. */
export function slopes(ctx: OpContext): number {
  const x = expectSame(ctx, 0, 1, ["x", "dy"]);
  return boolAttr(ctx.attrs, "per_channel") ? channelAxis(x, "x", "a per-channel slope") : 1;
}
