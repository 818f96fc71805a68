// Adds up the partial sums of a split weight gradient (split-K,
// passes/split_k.ts): [S, …shape] → [shape], summing the leading axis in
// order 0 … S−1. Unbatched, like the gradients it finishes; one add per
// input element.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const splitSum: OpDef = {
  name: "split_sum",
  doc: "Sum over the leading axis of partial sums (finishes a split-K weight gradient).",
  arity: 1,
  role: "backward",
  batched: "never",
  attrs: {},
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    if (x.length < 2) throw new OpError(`partial sums of shape ${fmt(x)} have no axis to sum besides the result's`, "a shape [S, …] with at least two axes");
    return x.slice(1);
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
