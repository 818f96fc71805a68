// transpose(a = 0, b = 1): torch.transpose on the per-sample axes, swapping
// axes a and b (the batch axis stays first and is not counted). A second op
// rather than a form of permute, because its attributes are two axes, not a
// list; it is the permutation with a and b swapped, and its gradient is that
// same permutation (a swap undoes itself), emitted as permute.

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { intAttr, noParams, type OpDef } from "../contract.js";
import { permutationSpatial, permutedShape, swapPermutation } from "../shared/permute.js";

const dimsOf = (attrs: Attrs, x: Shape): number[] => swapPermutation(intAttr(attrs, "a"), intAttr(attrs, "b"), x.length);

export const transpose: OpDef = {
  name: "transpose",
  doc: "Swaps per-sample axes a and b (batch axis excluded).",
  arity: 1,
  batched: "always",
  attrs: {
    // No bounds here: an axis out of range is refused by the shape rule with the rank in the message.
    a: { type: "int", default: 0, doc: "first per-sample axis" },
    b: { type: "int", default: 1, doc: "second per-sample axis" },
  },
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    return permutedShape(x, dimsOf(ctx.attrs, x));
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: (ctx) => permutationSpatial(dimsOf(ctx.attrs, ctx.inputs[0]!)),
  grad: (g) => ({ inputs: [g.emit("permute", [g.dy], { dims: dimsOf(g.attrs, g.inputs[0]!) })] }),
};
