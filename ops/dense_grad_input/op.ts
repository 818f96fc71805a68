// Gradient of dense with respect to its input: dx[…, i] = Σ_o dy[…, o]·W[o, i].
// It reads the forward weight [out, in] (role "weight"); the forward MACs.

import { elementCount, type Shape } from "../../core/ir/graph.js";
import { fmt, OpError, pointwise, type OpContext, type OpDef, fromForward } from "../contract.js";
import { inShapeSpec, sameShape, shapeAttr } from "../grad_shared.js";

/** Checks dy against the forward input shape; returns the dense geometry. */
export function denseGeometry(x: Shape, dy: Shape, what: string) {
  if (x.length === 0) throw new OpError(`${what} has shape ${fmt(x)}, but dense needs at least one axis`, "a shape of rank ≥ 1");
  if (dy.length !== x.length || !sameShape(dy.slice(0, -1), x.slice(0, -1))) {
    throw new OpError(`dy has shape ${fmt(dy)}, but dense of ${what} ${fmt(x)} gives [${[...x.slice(0, -1), "out"].join(", ")}]`, `dy of shape [${[...x.slice(0, -1), "out"].join(", ")}]`);
  }
  return { lead: elementCount(x.slice(0, -1)), inner: x[x.length - 1]!, out: dy[dy.length - 1]! };
}

function geometry(ctx: OpContext) {
  const x = shapeAttr(ctx.attrs, "in_shape");
  return { x, ...denseGeometry(x, ctx.inputs[0]!, "in_shape") };
}

export const denseGradInput: OpDef = {
  name: "dense_grad_input",
  doc: "Input gradient of dense: dy·W over the last axis.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: { in_shape: inShapeSpec },
  inferShape: (ctx) => geometry(ctx).x,
  params(ctx) {
    const { inner, out } = geometry(ctx);
    return [{ role: "weight", shape: [out, inner], kind: "weight", init: fromForward }];
  },
  cost(ctx) {
    const { lead, inner, out } = geometry(ctx);
    return { macs: lead * inner * out, flops: 0 };
  },
  spatial: () => pointwise,
};
