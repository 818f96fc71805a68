// One position of one per-sample axis, the axis dropped: torch's
// x.select(dim, index), ViT's class token x[:, 0] of its [T, D] tokens
// (select(axis=0, index=0) → [D]). Negative axis and index count from the
// end. A copy: no arithmetic.

import { noParams, type OpDef } from "../contract.js";
import { axisSpatial } from "../shared/axis.js";
import { resolveSelect, selectAttrs } from "../shared/select.js";

export const select: OpDef = {
  name: "select",
  doc: "Picks one index of a per-sample axis and drops the axis (negative axis and index count from the end).",
  arity: 1,
  batched: "always",
  attrs: selectAttrs,
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    const { axis } = resolveSelect(ctx.attrs, x);
    return x.filter((_, j) => j !== axis);
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: (ctx) => axisSpatial(resolveSelect(ctx.attrs, ctx.inputs[0]!).axis, ctx.inputs[0]!),
  // select is slice(index, index + 1) followed by dropping the size-1 axis,
  // so its gradient is dy given the axis back as 1 (a reshape, no data
  // moved) placed by slice_grad in zeros of x's shape.
  grad: (g) => {
    const x = g.inputs[0]!;
    const { axis, index } = resolveSelect(g.attrs, x);
    const kept = g.emit("reshape", [g.dy], { shape: x.map((d, j) => (j === axis ? 1 : d)) });
    return { inputs: [g.emit("slice_grad", [kept], { start: index, end: index + 1, axis, in_shape: [...x] })] };
  },
};
