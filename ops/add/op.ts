// Elementwise sum of two or more tensors of one shape (residual additions).

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const add: OpDef = {
  name: "add",
  doc: "Elementwise sum of two or more tensors of the same shape.",
  arity: "variadic",
  // A sum of unbatched values (a shared weight's gradients) has no batch either.
  batched: "if-any-input",
  attrs: {},
  inferShape(ctx) {
    const first = ctx.inputs[0]!;
    ctx.inputs.forEach((s, i) => {
      if (s.length !== first.length || s.some((d, j) => d !== first[j])) {
        throw new OpError(`operand ${i + 1} has shape ${fmt(s)} but operand 1 has ${fmt(first)}`, "operands of the same shape");
      }
    });
    return first;
  },
  params: noParams,
  cost: (ctx, out) => ({ macs: 0, flops: (ctx.inputs.length - 1) * elementCount(out) }),
  spatial: () => pointwise,
  // Every operand receives dy unchanged.
  grad: (g) => ({ inputs: g.inputs.map((_, i) => (g.needsInput(i) ? g.dy : undefined)) }),
};
