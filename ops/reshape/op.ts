// Reshape to a given per-sample shape (row-major, as torch.reshape); one
// entry may be -1 and is then inferred from the element count. A view: no arithmetic.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, type OpDef } from "../contract.js";

export const reshape: OpDef = {
  name: "reshape",
  doc: "Reinterprets the tensor with a new shape of the same element count; one entry may be -1.",
  arity: 1,
  batched: "always",
  attrs: {
    // min -1 admits the inferred entry; the zeros this also admits are refused below.
    shape: { type: "ints", min: -1, doc: "target per-sample shape, batch excluded" },
  },
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    const want = ctx.attrs.shape as readonly number[];
    const free = want.filter((d) => d === -1).length;
    if (want.some((d) => d === 0) || free > 1) {
      throw new OpError(`target shape ${fmt(want)} must have entries of at least 1, with at most one -1`, "positive sizes and at most one -1");
    }
    const n = elementCount(x);
    const known = elementCount(want.filter((d) => d !== -1));
    if (free === 1) {
      if (n % known !== 0) {
        throw new OpError(`input ${fmt(x)} has ${n} elements, which ${fmt(want)} cannot hold: ${n} is not a multiple of ${known}`, `a shape whose known entries divide ${n}`);
      }
      return want.map((d) => (d === -1 ? n / known : d));
    }
    if (known !== n) {
      throw new OpError(`input ${fmt(x)} has ${n} elements but the target shape ${fmt(want)} has ${known}`, `a shape of ${n} elements`);
    }
    return want;
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  // Reshaping scrambles the grid, so no spatial map survives it.
  spatial: () => ({ kind: "global" }),
  // Only the shape changes: the gradient is dy in the input's shape.
  grad: (g) => ({ inputs: [g.emit("reshape", [g.dy], { shape: [...g.inputs[0]!] })] }),
};
