// What every elementwise activation's definition shares: one input, the
// batch kept, its input's shape, no parameters, each output pixel seeing
// its own input pixel, and a cost of a fixed number of flops per element
// (counted as each op's header says). An activation spreads these and adds
// its name, doc, attributes, derivative and gradient rule.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";

export type ActivationFields = Pick<OpDef, "arity" | "batched" | "inferShape" | "params" | "cost" | "spatial">;

export function activationFields(flopsPerElement: number): ActivationFields {
  return {
    arity: 1,
    batched: "always",
    inferShape: (ctx) => ctx.inputs[0]!,
    params: noParams,
    cost: (_ctx, out) => ({ macs: 0, flops: flopsPerElement * elementCount(out) }),
    spatial: () => pointwise,
  };
}
