// Flattens a per-sample tensor to one axis (row-major, as torch.flatten(x, 1)).
// A view: no arithmetic.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, type OpDef } from "../contract.js";

export const flatten: OpDef = {
  name: "flatten",
  doc: "Flattens the per-sample tensor to a vector.",
  arity: 1,
  batched: "always",
  attrs: {},
  inferShape: (ctx) => [elementCount(ctx.inputs[0]!)],
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  // The result is a vector: no longer a spatial grid.
  spatial: () => ({ kind: "global" }),
  // Only the shape changes: the gradient is dy in the input's shape.
  grad: (g) => ({ inputs: [g.emit("reshape", [g.dy], { shape: [...g.inputs[0]!] })] }),
};
