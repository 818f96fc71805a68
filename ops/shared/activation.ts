// What every elementwise activation's definition shares: one input, the
// batch kept, its input's shape, no parameters, each output pixel seeing
// its own input pixel, and a cost of a fixed number of flops per element
// (counted as each op's header says). An activation spreads these and adds
// its name, doc, attributes, derivative and gradient rule.

import { elementCount, type Attrs } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";

export type ActivationFields = Pick<OpDef, "arity" | "batched" | "inferShape" | "params" | "cost" | "spatial">;

/** `flopsPerElement`: a number, or a function of the attributes where the cost depends on them (gelu's forms). */
export function activationFields(flopsPerElement: number | ((attrs: Attrs) => number)): ActivationFields {
  return {
    arity: 1,
    batched: "always",
    inferShape: (ctx) => ctx.inputs[0]!,
    params: noParams,
    cost: (ctx, out) => ({ macs: 0, flops: (typeof flopsPerElement === "number" ? flopsPerElement : flopsPerElement(ctx.attrs)) * elementCount(out) }),
    spatial: () => pointwise,
  };
}
