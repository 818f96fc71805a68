// Elementwise difference of two tensors of one shape: what `a - b` makes in
// the language. No broadcasting, as for add.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const sub: OpDef = {
  name: "sub",
  doc: "Elementwise difference a − b of two tensors of the same shape.",
  arity: 2,
  // As add: a difference of unbatched values has no batch either.
  batched: "if-any-input",
  attrs: {},
  inferShape(ctx) {
    const [a, b] = [ctx.inputs[0]!, ctx.inputs[1]!];
    if (a.length !== b.length || a.some((d, j) => d !== b[j])) {
      throw new OpError(`operand 2 has shape ${fmt(b)} but operand 1 has ${fmt(a)}`, "operands of the same shape");
    }
    return a;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
  // a receives dy, b receives −dy.
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.dy : undefined, g.needsInput(1) ? g.emit("affine", [g.dy], { scale: -1 }) : undefined],
  }),
};
