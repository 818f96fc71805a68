// permute(dims): torch.permute on the per-sample axes. The batch axis stays
// first and is not named, so dims is a permutation of 0..rank−1 of the
// per-sample shape: output axis j is input axis dims[j]. A copy: no arithmetic.

import type { Attrs } from "../../core/ir/graph.js";
import { noParams, type OpDef } from "../contract.js";
import { checkPermutation, inversePermutation, permutationSpatial, permutedShape } from "../shared/permute.js";

const dimsOf = (attrs: Attrs): readonly number[] => attrs.dims as readonly number[];

export const permute: OpDef = {
  name: "permute",
  doc: "Reorders the axes: output axis j is input axis dims[j] (batch axis excluded).",
  arity: 1,
  batched: "always",
  attrs: {
    // No bound here: a negative or too large axis is refused by the shape rule with the rank in the message.
    dims: { type: "ints", doc: "a permutation of the per-sample axes 0..rank−1" },
  },
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    const dims = dimsOf(ctx.attrs);
    checkPermutation(dims, x.length);
    return permutedShape(x, dims);
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: (ctx) => permutationSpatial(dimsOf(ctx.attrs)),
  // The gradient moves dy back: the inverse permutation.
  grad: (g) => ({ inputs: [g.emit("permute", [g.dy], { dims: inversePermutation(dimsOf(g.attrs)) })] }),
};
