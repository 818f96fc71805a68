// dropout's rate and shape rule, shared by dropout (ops/dropout/) and
// dropout_mask, the mask its training form draws.

import type { Shape } from "../../core/ir/graph.js";
import { numAttr, OpError, type AttrSpec, type OpContext } from "../contract.js";

export const dropoutAttrs: Readonly<Record<string, AttrSpec>> = {
  rate: { type: "float", aliases: ["p"], min: 0, default: 0.5, doc: "probability of zeroing an element, below 1" },
};

/** x's shape, once the rate is below 1. */
export function dropoutShape(ctx: OpContext): Shape {
  const rate = numAttr(ctx.attrs, "rate");
  // rate 1 would divide the kept elements by 1 - rate = 0.
  if (rate >= 1) throw new OpError(`rate ${rate} would drop every element`, "a rate in [0, 1)");
  return ctx.inputs[0]!;
}
